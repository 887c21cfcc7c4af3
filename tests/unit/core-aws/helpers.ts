import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src-main/core/aws/clock';

/**
 * A throwaway HOME with ~/.aws/config and ~/.aws/credentials. The SDK's SSO provider reads
 * HOME and AWS_CONFIG_FILE from process.env itself, so they are set there too and restored by
 * `restore()`.
 */
export interface AwsHome {
  home: string;
  env: Record<string, string | undefined>;
  ssoCache(id: string, token: Record<string, unknown>): void;
  file(name: string, text: string, mode?: number): string;
  restore(): void;
}

const KEYS = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS'];

export function awsHome(config: string, credentials = '', extraEnv: Record<string, string> = {}): AwsHome {
  const home = mkdtempSync(join(tmpdir(), 'wharf-aws-'));
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const configPath = join(home, '.aws', 'config');
  const credentialsPath = join(home, '.aws', 'credentials');
  writeFileSync(configPath, config);
  writeFileSync(credentialsPath, credentials);
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  for (const k of KEYS) delete process.env[k];
  const env = { HOME: home, AWS_CONFIG_FILE: configPath, AWS_SHARED_CREDENTIALS_FILE: credentialsPath, ...extraEnv };
  Object.assign(process.env, env);
  return {
    home,
    env,
    ssoCache(id, token) {
      const name = createHash('sha1').update(id).digest('hex');
      writeFileSync(join(home, '.aws', 'sso', 'cache', `${name}.json`), JSON.stringify(token));
    },
    file(name, text, mode = 0o644) {
      const path = join(home, name);
      writeFileSync(path, text, { mode });
      return path;
    },
    restore() {
      for (const k of KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A clock that moves only when told; timers fire in order as it passes them. */
export class FakeClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  }

  /** Moves time forward by `ms`, firing due timers and letting promise callbacks run. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
