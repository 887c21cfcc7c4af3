import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseOwnership, takeOwnership } from '../../../src-main/core/history/store/owner-lock';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('one Wharf records into a data folder', () => {
  it('clears a lock left by a process that died, and respects one that lives', () => {
    dir = mkdtempSync(join(tmpdir(), 'wharf-owner-'));
    const file = join(dir, 'history.db');
    // A dead owner (a process that has exited) and the lock directory it left behind.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(`${file}.owner`, dead);
    mkdirSync(`${file}.lock`);
    expect(takeOwnership(file)).toEqual({ ok: true });
    expect(existsSync(`${file}.lock`)).toBe(false);
    // A living other owner (this test's parent process): refused.
    writeFileSync(`${file}.owner`, String(process.ppid));
    expect(takeOwnership(file)).toEqual({ ok: false, pid: process.ppid });
    releaseOwnership(file);
    expect(existsSync(`${file}.owner`)).toBe(true);
  });
});
