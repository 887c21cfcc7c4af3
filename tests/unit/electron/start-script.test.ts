import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = resolve(__dirname, '../../..');
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const binaryPresent = existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));

// With a real Electron binary `npm start` would open the app, so this only runs where the
// binary is missing (our build machines).
describe.skipIf(binaryPresent)('npm start without the Electron binary', () => {
  it('prints one clear line pointing to npm run web, and no download attempt or stack trace', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    delete env.ELECTRON_EXEC_PATH;
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('npm run web');
    expect(lines[0]).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  });
});
