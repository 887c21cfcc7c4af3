/**
 * Runs Debian's AWS CLI against the sim: `/usr/bin/aws` (a pyenv shim may shadow `aws` on
 * PATH), dummy credentials, no config files, JSON output. Calls run in parallel up to a small
 * limit: each costs about half a second of Python start-up on a 2-core machine.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export const AWS_CLI = '/usr/bin/aws';
const PARALLEL = 3;

export interface CliResult {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  // The CLI's JSON output, parsed; undefined when it printed nothing or failed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json?: any;
}

/** Fails with the command that installs the CLI, rather than skipping silently. */
export function requireAwsCli(): void {
  if (!existsSync(AWS_CLI)) {
    throw new Error(`${AWS_CLI} is missing: the contract tests need Debian's AWS CLI. Run: apt-get install awscli python3-botocore`);
  }
}

let running = 0;
const waiting: Array<() => void> = [];

/** `aws <args> --endpoint-url <endpoint> --region us-east-1 --output json`. */
export async function aws(endpoint: string, args: string[]): Promise<CliResult> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run(endpoint, args);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Like `aws`, but a non-zero exit fails with the CLI's own words. */
export async function awsOk(endpoint: string, args: string[]): Promise<CliResult> {
  const result = await aws(endpoint, args);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return result;
}

function run(endpoint: string, args: string[]): Promise<CliResult> {
  const argv = [...args, '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json'];
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'dummy',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    // Retries would hide a throttled or failed answer behind a slow success.
    AWS_MAX_ATTEMPTS: '1',
  };
  return new Promise((resolve) => {
    execFile(AWS_CLI, argv, { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      let json: unknown;
      if (code === 0 && stdout.trim() !== '') {
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
      }
      resolve({ args, code, stdout, stderr, json });
    });
  });
}
