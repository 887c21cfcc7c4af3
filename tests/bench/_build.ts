/**
 * Browser benchmarks drive the built app (out/), as the e2e tests do: build it first when it
 * is missing or older than any source file, so a bench never measures yesterday's renderer.
 * BENCH_NO_BUILD=1 skips the check (for repeated runs). Not a benchmark itself (the leading
 * underscore keeps scripts/bench.mjs from running it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src-main', 'src-renderer'];
const OUTPUTS = ['out/main/web.js', 'out/renderer/index.html'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(root: string): void {
  if (process.env.BENCH_NO_BUILD === '1') return;
  const outputs = OUTPUTS.map((p) => join(root, p));
  const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
  const sources = Math.max(...SOURCES.map((d) => newestMtime(join(root, d))));
  if (built > sources) return;
  console.log(built ? 'out/ is older than the sources: building (npx electron-vite build)…' : 'out/ is missing: building (npx electron-vite build)…');
  const result = spawnSync('npx', ['--no-install', 'electron-vite', 'build'], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  if (result.status !== 0) throw new Error(`The build failed, so there is nothing to measure:\n${(result.stdout + result.stderr).slice(-3000)}`);
}
