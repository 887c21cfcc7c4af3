import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * One Wharf records into a data folder at a time. The WebAssembly SQLite locks a file with a
 * `<file>.lock` directory, which a crash leaves behind (and then every open is BUSY): the
 * owner file says which process holds the store, so a lock left by a dead one is cleared and
 * a live one is respected.
 */
export type OwnerResult = { ok: true } | { ok: false; pid: number };

export function takeOwnership(file: string, pid = process.pid): OwnerResult {
  const owner = `${file}.owner`;
  const holder = readPid(owner);
  if (holder !== null && holder !== pid && isAlive(holder)) return { ok: false, pid: holder };
  rmSync(`${file}.lock`, { recursive: true, force: true });
  writeFileSync(owner, String(pid));
  return { ok: true };
}

export function releaseOwnership(file: string, pid = process.pid): void {
  if (readPid(`${file}.owner`) === pid) rmSync(`${file}.owner`, { force: true });
}

function readPid(path: string): number | null {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
