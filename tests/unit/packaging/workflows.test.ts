/** The GitHub workflows: CI runs the README's test command on Linux; a tag builds the three platforms on their own runners. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const yaml = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder'))('js-yaml') as { load(text: string): unknown };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { 'runs-on': string; container?: { image: string }; needs?: string; strategy?: { matrix: { include: Array<{ os: string; name: string }> } }; steps: Array<{ run?: string; uses?: string; with?: Record<string, string>; if?: string }> }> };
const load = (name: string) => yaml.load(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;

describe('workflows', () => {
  it('CI: npm ci && npm test (.ci/run) in Debian, on the Node of .nvmrc', () => {
    const ci = load('ci.yml');
    const job = ci.jobs.test;
    expect(job.container?.image).toMatch(/^debian:/);
    expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({ 'node-version-file': '.nvmrc' });
    expect(job.steps.map((s) => s.run)).toContain('.ci/run');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/npm ci[^\n]*\nnpm test\n?$/);
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('22');
  });

  it('Release: on a v* tag, Linux, macOS and Windows each package with the config, into one draft release', () => {
    const release = load('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    const job = release.jobs.package;
    expect(job.needs).toBe('draft');
    expect(job.strategy?.matrix.include.map((m) => m.name)).toEqual(['linux', 'macos', 'windows']);
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    for (const platform of ['--linux', '--mac', '--win']) expect(runs).toContain(`electron-builder --config electron-builder.config.cjs ${platform} --publish always`);
    expect(runs).toContain('npm run dist:check');
    expect(readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')).toContain('WHARF_UPDATE_GITHUB: ${{ github.repository }}');
  });
});
