import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test` runs knip with the repo's knip.json: an export nothing imports fails it. The probe
 * is a module whose one export is used and whose other is not, reached from an entry added by
 * a copy of knip.json; knip must name the unused one (and only it).
 */
const PROBE_DIR = 'src-main/core/zz-knip-probe';

describe('dead-export check', () => {
  it('fails on an export nothing imports', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'knip-probe-'));
    const config = JSON.parse(readFileSync('knip.json', 'utf8')) as { entry: string[] };
    config.entry = [...config.entry, `${PROBE_DIR}/entry.ts`];
    const configPath = join(tmp, 'knip.json');
    writeFileSync(configPath, JSON.stringify(config));
    mkdirSync(PROBE_DIR, { recursive: true });
    try {
      writeFileSync(`${PROBE_DIR}/entry.ts`, "import { usedProbe } from './lib';\nconsole.log(usedProbe());\n");
      writeFileSync(`${PROBE_DIR}/lib.ts`, 'export function usedProbe(): number {\n  return 1;\n}\n\nexport function deadProbe(): number {\n  return 2;\n}\n');
      const run = spawnSync('npx', ['--no-install', 'knip', '--no-progress', '--no-config-hints', '--config', configPath], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('deadProbe');
      expect(run.stdout).not.toContain('usedProbe');
    } finally {
      rmSync(PROBE_DIR, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});
