/** Updates are off unless a packaged build names a feed (electron-builder's app-update.yml). */
import { describe, expect, it } from 'vitest';
import { updateState } from '../../../src-main/electron/update-state';
import { runtimeInfo } from '../../../src-main/core/app/app-handlers';
import { AppInfo } from '../../../src-main/contract/domains/app';

const FEED = 'owner: example\nrepo: wharf\nprovider: github\nreleaseType: release\nupdaterCacheDirName: wharf-updater\n';

describe('updates', () => {
  it('are off outside a packaged build, without a feed, and when WHARF_NO_UPDATES is set', () => {
    expect(updateState({ packaged: false, feed: FEED, env: {} })).toEqual({ state: 'off', detail: 'not a packaged build' });
    expect(updateState({ packaged: true, feed: null, env: {} })).toEqual({ state: 'off', detail: 'this build names no update feed' });
    expect(updateState({ packaged: true, feed: FEED, env: { WHARF_NO_UPDATES: '1' } })).toEqual({ state: 'off', detail: 'turned off by WHARF_NO_UPDATES' });
  });

  it('are on from the GitHub Releases the feed names', () => {
    expect(updateState({ packaged: true, feed: FEED, env: {} })).toEqual({ state: 'on', detail: 'GitHub Releases of example/wharf' });
  });
});

describe('app.info runtime', () => {
  it('names Electron and its Chromium inside Electron, and only Node outside', () => {
    const inElectron = runtimeInfo({ ...process.versions, electron: '45.6.1', chrome: '142.0.7444.0' } as NodeJS.ProcessVersions);
    expect(inElectron).toMatchObject({ electron: '45.6.1', chrome: '142.0.7444.0', node: process.versions.node });
    const onNode = runtimeInfo({ ...process.versions, electron: undefined, chrome: undefined } as unknown as NodeJS.ProcessVersions);
    expect(onNode).toMatchObject({ electron: null, chrome: null, node: process.versions.node, platform: process.platform, arch: process.arch });
    expect(AppInfo.shape.runtime.parse(onNode)).toEqual(onNode);
  });
});
