/**
 * Runs Debian's AWS CLI against the sim with the sim's key pair (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY: the sim verifies every signature), no config files and JSON
 * output. Always the Debian CLI at /usr/bin/aws (a pyenv shim may shadow `aws` on PATH).
 *
 * Two ways to run it:
 * - `aws()`: through aws-cli-driver.py, which runs each command exactly as /usr/bin/aws does
 *   (awscli.clidriver.main, under /usr/bin/aws's own interpreter) but in long-lived processes,
 *   so the CLI's ~0.5 s of Python start-up is paid once per process, not once per command.
 * - `awsProcess()`: spawns /usr/bin/aws itself, to prove the real entry point works too.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const AWS_CLI = '/usr/bin/aws';
const DRIVER = join(__dirname, 'aws-cli-driver.py');
const DRIVER_PROCESSES = 2;

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

/** A sim to run against: its endpoint and the key pair it accepts (a RunningSim fits). */
export interface CliTarget {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

const CLI_ENV = {
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_PAGER: '',
  // Retries would hide a throttled or failed answer behind a slow success.
  AWS_MAX_ATTEMPTS: '1',
};

function keyEnv(target: CliTarget): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: target.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey };
}

function cliEnv(target?: CliTarget): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...CLI_ENV, ...(target ? keyEnv(target) : {}) };
}

function argv(endpoint: string, args: string[]): string[] {
  return [...args, '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json'];
}

function result(args: string[], code: number, stdout: string, stderr: string): CliResult {
  let json: unknown;
  if (code === 0 && stdout.trim() !== '') {
    try {
      json = JSON.parse(stdout);
    } catch {
      json = undefined;
    }
  }
  return { args, code, stdout, stderr, json };
}

// ---- the driver pool ----

class DriverProcess {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<(line: string) => void> = [];
  private buffer = '';

  constructor() {
    this.proc = spawn(interpreterOfAwsCli(), [DRIVER], { env: cliEnv() });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => this.onData(chunk));
    this.proc.stderr.on('data', () => undefined);
  }

  get load(): number {
    return this.waiting.length;
  }

  run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line)));
      this.proc.stdin.write(`${JSON.stringify({ args, env })}\n`);
    });
  }

  close(): void {
    this.proc.stdin.end();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.waiting.shift()?.(line);
    }
  }
}

/** /usr/bin/aws's own interpreter, from its shebang line. */
function interpreterOfAwsCli(): string {
  const shebang = readFileSync(AWS_CLI, 'utf8').split('\n')[0];
  return shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/)[0] : '/usr/bin/python3';
}

let pool: DriverProcess[] = [];

/** `aws <args> --endpoint-url <endpoint> --region us-east-1 --output json` with the target's keys, via the driver. */
export async function aws(target: CliTarget, args: string[]): Promise<CliResult> {
  if (pool.length === 0) pool = Array.from({ length: DRIVER_PROCESSES }, () => new DriverProcess());
  const driver = pool.reduce((a, b) => (b.load < a.load ? b : a));
  const out = await driver.run(argv(target.endpoint, args), keyEnv(target));
  return result(args, out.code, out.stdout, out.stderr);
}

/** Like `aws`, but a non-zero exit fails with the CLI's own words. */
export async function awsOk(target: CliTarget, args: string[]): Promise<CliResult> {
  const r = await aws(target, args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r;
}

/** Ends the driver processes (call from afterAll). */
export function closeAwsCli(): void {
  for (const driver of pool) driver.close();
  pool = [];
}

/** Spawns /usr/bin/aws itself for one command. */
export function awsProcess(target: CliTarget, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(AWS_CLI, argv(target.endpoint, args), { env: cliEnv(target), timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve(result(args, code, stdout, stderr));
    });
  });
}
