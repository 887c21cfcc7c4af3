/**
 * The packaging config (electron-builder.config.cjs), checked without Electron's binary (it
 * cannot be downloaded here): against electron-builder's own schema and with its own file
 * matchers, every file the packaged app loads at run time is packed (and the native ones
 * unpacked from the asar); the fuses the afterPack hook sets, flipped in a stand-in binary
 * carrying Electron's fuse wire; signing, notarization and the update feed from the
 * environment; the icons and the Linux desktop entry. `npm run dist:check` goes further: it
 * runs electron-builder itself with a stand-in Electron (scripts/dist-check.mjs).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PNG_SIZES, renderPng } from '../../../scripts/icons.mjs';
import { appEntryFiles, fakeElectronBinary, FUSE_SENTINEL } from '../../../scripts/dist-check.mjs';

const ROOT = resolve(__dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
// electron-builder's own library, as electron-builder itself loads it.
const builderRequire = createRequire(require.resolve('electron-builder'));
const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: object, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const fileMatcher = builderRequire('app-builder-lib/out/fileMatcher') as {
  getMainFileMatchers(...args: unknown[]): Array<{ createFilter(): Filter }>;
  getNodeModuleFileMatcher(...args: unknown[]): { createFilter(): Filter };
  getFileMatchers(config: object, name: string, destination: string, options: object): Array<{ createFilter(): Filter }> | null;
};
type Filter = (file: string, stat: { isDirectory(): boolean; moduleFullFilePath?: string }) => boolean;

type Config = Record<string, unknown> & { files: string[]; asarUnpack: string[]; linux: Record<string, unknown>; mac: Record<string, unknown> };
const CONFIG_PATH = join(ROOT, 'electron-builder.config.cjs');
const SIGNING_ENV = ['CSC_LINK', 'CSC_NAME', 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE', 'WHARF_UPDATE_GITHUB'];

/** The config as electron-builder would load it with `env` (and no signing variables of this machine's). */
function loadConfig(env: Record<string, string> = {}): Config {
  const saved = Object.fromEntries(SIGNING_ENV.map((k) => [k, process.env[k]]));
  try {
    for (const k of SIGNING_ENV) delete process.env[k];
    Object.assign(process.env, env);
    delete require.cache[CONFIG_PATH];
    return require(CONFIG_PATH) as Config;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const config = loadConfig();
const quiet = { isEnabled: false, add() {} };
const packagerOf = (cfg: Config) => ({ info: { projectDir: ROOT, buildResourcesDir: resolve(ROOT, 'resources'), config: cfg, isPrepackedAppAsar: false, debugLogger: quiet }, config: cfg, debugLogger: quiet });
const file = { isDirectory: () => false };

/** Whether electron-builder packs `path` (relative to the root) into the app, and whether it unpacks it from the asar. */
function packed(cfg: Config, path: string): { packed: boolean; unpacked: boolean } {
  const identity = (s: string) => s;
  const packager = packagerOf(cfg);
  const absolute = join(ROOT, path);
  const isModule = path.startsWith('node_modules/');
  const filter = isModule
    ? fileMatcher.getNodeModuleFileMatcher(ROOT, '/app', identity, cfg.linux, packager).createFilter()
    : fileMatcher.getMainFileMatchers(ROOT, '/app', identity, cfg.linux, packager, join(ROOT, 'dist'), false)[0].createFilter();
  const unpack = fileMatcher.getFileMatchers(cfg, 'asarUnpack', '/app', { macroExpander: identity, customBuildOptions: cfg.linux, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT });
  return {
    packed: filter(absolute, isModule ? { ...file, moduleFullFilePath: path } : file),
    unpacked: unpack ? unpack[0].createFilter()(absolute, file) : false,
  };
}

describe('the packaging config', () => {
  it('passes electron-builder\'s own schema check (and a wrong key would not)', async () => {
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } }, quiet)).rejects.toThrow(/does not match the API schema[\s\S]*configuration.linux/);
  });

  it('builds AppImage and deb, dmg for x64 and arm64, and an NSIS installer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect((config.win as { target: unknown }).target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.afterPack).toBe('./scripts/after-pack.cjs');
    expect(existsSync(join(ROOT, 'scripts', 'after-pack.cjs'))).toBe(true);
  });

  it('packs every file the app loads at run time: main, preload, renderer, the sim, the window icon', () => {
    const entries = appEntryFiles(ROOT);
    // What the Electron shell names with join(__dirname, ...), and what the build writes.
    expect(entries.map((e) => e.path)).toEqual(
      expect.arrayContaining(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/main/sim.js', 'resources/icons/256x256.png']),
    );
    for (const entry of entries) {
      expect(packed(config, entry.path), `${entry.path} (${entry.why})`).toMatchObject({ packed: true });
      if (entry.path.startsWith('resources/')) expect(existsSync(join(ROOT, entry.path)), entry.path).toBe(true);
    }
    expect(packed(config, 'package.json').packed).toBe(true);
    // The matcher is electron-builder's: a narrower `files` would leave the preload out.
    expect(packed({ ...config, files: ['out/main/**/*'] }, 'out/preload/index.cjs').packed).toBe(false);
    // Source, tests and the packaging inputs stay out.
    for (const path of ['src-main/electron/main.ts', 'tests/e2e/app.spec.ts', 'resources/icon.svg', 'out/main/index.js.map', 'electron-builder.config.cjs']) {
      expect(packed(config, path).packed, path).toBe(false);
    }
  });

  it('packs node-pty\'s native module and unpacks it from the asar; node-pty and the updater are production dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const dep of ['node-pty', 'electron-updater', 'ws', 'zod', '@aws-sdk/client-ecs']) expect(Object.keys(pkg.dependencies), dep).toContain(dep);
    // Renderer-only libraries are bundled by vite: as dependencies they would only bloat the asar.
    for (const dep of ['vue', 'naive-ui', 'echarts', '@xterm/xterm']) expect(Object.keys(pkg.devDependencies), dep).toContain(dep);
    for (const path of [
      'node_modules/node-pty/build/Release/pty.node',
      'node_modules/node-pty/prebuilds/darwin-arm64/pty.node',
      'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper',
      'node_modules/node-pty/prebuilds/win32-x64/conpty.node',
      'node_modules/node-pty/lib/index.js',
      'node_modules/node-pty/lib/worker/conoutSocketWorker.js',
    ]) {
      expect(packed(config, path), path).toEqual({ packed: true, unpacked: true });
    }
    expect(packed(config, 'node_modules/node-pty/src/unix/pty.cc').packed).toBe(false);
    expect(packed({ ...config, asarUnpack: ['node_modules/other/**'] }, 'node_modules/node-pty/build/Release/pty.node').unpacked).toBe(false);
    expect(packed(config, 'node_modules/zod/package.json')).toEqual({ packed: true, unpacked: false });
  });

  it('sets every fuse in the afterPack hook: RunAsNode, NODE_OPTIONS and --inspect off; cookie encryption, asar integrity and asar-only on', async () => {
    const hook = require(join(ROOT, 'scripts', 'after-pack.cjs')) as ((context: object) => Promise<void>) & { FUSES: Record<string, boolean> };
    expect(hook.FUSES).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
    // A stand-in Linux binary with Electron's fuse wire at Electron's defaults, flipped by the hook as electron-builder calls it.
    const dir = mkdtempSync(join(tmpdir(), 'wharf-fuses-'));
    cleanup.push(dir);
    const binary = join(dir, 'wharf');
    writeFileSync(binary, fakeElectronBinary());
    await hook({ appOutDir: dir, electronPlatformName: 'linux', packager: { executableName: 'wharf', appInfo: { productFilename: 'Wharf' } } });
    const fuses = await import('@electron/fuses');
    const wire = await fuses.getCurrentFuseWire(binary);
    const state = (name: keyof typeof fuses.FuseV1Options) => (wire[fuses.FuseV1Options[name]] === fuses.FuseState.ENABLE ? 'on' : 'off');
    expect(Object.fromEntries(Object.keys(hook.FUSES).map((name) => [name, state(name as keyof typeof fuses.FuseV1Options)]))).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
      WasmTrapHandlers: 'on',
    });
    // A binary whose wire has a fuse the hook does not decide on stops the build.
    const longer = join(dir, 'longer');
    copyFileSync(binary, longer);
    const bytes = readFileSync(longer);
    const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    bytes[at + 1] = 10;
    bytes[at + 2 + 9] = '1'.charCodeAt(0);
    writeFileSync(longer, bytes);
    await expect(hook({ appOutDir: dir, electronPlatformName: 'linux', packager: { executableName: 'longer', appInfo: { productFilename: 'Wharf' } } })).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('signs, notarizes and publishes updates only when the environment says how', () => {
    expect(config.mac).toMatchObject({ identity: null, notarize: false });
    expect(config.publish).toBeNull();
    const signed = loadConfig({ CSC_LINK: 'cert.p12', APPLE_API_KEY: 'key.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'issuer', WHARF_UPDATE_GITHUB: 'example/wharf' });
    expect(signed.mac.identity).toBeUndefined();
    expect(signed.mac.notarize).toBe(true);
    expect(signed.publish).toEqual([{ provider: 'github', owner: 'example', repo: 'wharf', releaseType: 'draft' }]);
    expect(() => loadConfig({ WHARF_UPDATE_GITHUB: 'no-slash' })).toThrow(/owner\/repo/);
  });
});

describe('the icons and the desktop entry', () => {
  it('has every PNG size, rendered from resources/icon.svg as it is now (run `npm run icons` after changing it)', () => {
    const svg = readFileSync(join(ROOT, 'resources', 'icon.svg'));
    for (const size of PNG_SIZES) {
      const png = readFileSync(join(ROOT, 'resources', 'icons', `${size}x${size}.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${size}x${size}.png`).toEqual([size, size]);
    }
    expect(renderPng(svg, 64).equals(readFileSync(join(ROOT, 'resources', 'icons', '64x64.png'))), 'icons/64x64.png is stale: npm run icons').toBe(true);
    expect(readFileSync(join(ROOT, 'resources', 'icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
    const ico = readFileSync(join(ROOT, 'resources', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(6);
  });

  it('takes the Linux desktop entry from resources/linux/wharf.desktop', () => {
    const entry = (config.linux.desktop as { entry: Record<string, string> }).entry;
    expect(entry).toMatchObject({ Name: 'Wharf', Terminal: 'false', Categories: 'Development;Network;' });
    expect(entry.Comment).toMatch(/Amazon ECS/);
    // electron-builder writes Exec and Icon for the installed paths itself.
    expect(entry).not.toHaveProperty('Exec');
  });
});

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});
