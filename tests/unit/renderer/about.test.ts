/** The About dialog's content: version, commit and what runs Wharf, in Electron and in browser mode. */
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '@contract/domains/app';
import { aboutWharf, browserOf, systemName } from '../../../src-renderer/models/frame/about';

const base: AppInfo = {
  version: '0.1.0',
  commit: '6f87bb2a1c3d',
  transport: 'electron',
  runtime: { electron: '45.6.1', chrome: '142.0.7444.59', node: '22.20.0', v8: '14.2.231.17-electron.0', platform: 'darwin', arch: 'arm64' },
  updates: { state: 'on', detail: 'GitHub Releases of example/wharf' },
  demoScenario: 'demo',
  dataDir: '/Users/me/Library/Application Support/Wharf',
};
const CHROMIUM_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';

describe('About Wharf', () => {
  it('in Electron: version, commit, Electron, Chrome, Node, V8, the system, updates, the Demo sim and the data folder', () => {
    const about = aboutWharf(base, CHROMIUM_UA);
    expect(about.title).toBe('Wharf 0.1.0');
    expect(about.summary).toBe('The desktop app: Electron 45.6.1 on macOS arm64.');
    expect(Object.fromEntries(about.facts.map((f) => [f.key, f.value]))).toEqual({
      version: '0.1.0',
      commit: '6f87bb2a1c3d',
      electron: '45.6.1',
      chrome: '142.0.7444.59',
      node: '22.20.0',
      v8: '14.2.231.17-electron.0',
      system: 'macOS arm64',
      updates: 'on: GitHub Releases of example/wharf',
      demo: 'the built-in sim, scenario demo',
      data: '/Users/me/Library/Application Support/Wharf',
    });
  });

  it('in browser mode: says there is no Electron, what Node serves the page and which browser shows it', () => {
    const web: AppInfo = {
      ...base,
      transport: 'web',
      runtime: { electron: null, chrome: null, node: '22.23.5', v8: '12.4.254.21-node.33', platform: 'linux', arch: 'x64' },
      updates: { state: 'off', detail: 'browser mode runs from the source: update it with git and npm install' },
      demoScenario: null,
    };
    const about = aboutWharf(web, CHROMIUM_UA);
    expect(about.summary).toBe("Browser mode: no Electron. Wharf's main side runs on Node 22.23.5 (Linux x64) and serves this page, which runs in Chrome 156.");
    expect(about.facts.map((f) => f.key)).toEqual(['version', 'commit', 'mode', 'node', 'system', 'browser', 'updates', 'data']);
    expect(about.facts.find((f) => f.key === 'updates')?.value).toMatch(/^off: /);
  });

  it('names browsers from their user agents', () => {
    expect(browserOf(CHROMIUM_UA)).toBe('Chrome 156');
    expect(browserOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/156.0.0.0 Chrome/156.0.0.0 Safari/537.36')).toBe('Chromium 156');
    expect(browserOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.3537.57')).toBe('Edge 141');
    expect(browserOf('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox 133');
    expect(browserOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15')).toBe('Safari 18');
    expect(browserOf('curl/8.0')).toBeNull();
    expect(systemName('win32', 'x64')).toBe('Windows x64');
  });

  it('says so when app.info did not answer', () => {
    expect(aboutWharf(null, CHROMIUM_UA)).toMatchObject({ title: 'Wharf', facts: [] });
  });
});
