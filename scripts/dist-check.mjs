// `npm run dist:check`: electron-builder packs the built app (run `npm run build` first) for
// Linux into a folder, exactly as `npm run dist` would, but around a stand-in Electron: the
// real binary cannot be downloaded here. The stand-in carries Electron's fuse wire, so the
// afterPack hook flips real fuses in it. Then the package is checked:
// - the asar holds every file the app loads at run time (main, preload, renderer, the sim's
//   entry, the window icon: what src-main/electron names with join(__dirname, ...)), every
//   file of out/, and every module out/main requires at run time;
// - node-pty's native module is beside the asar (app.asar.unpacked), where it can be loaded;
// - no development package went in; the fuses are set.
// What it cannot check: that the real Electron starts, and node-pty rebuilt against Electron's
// headers (npmRebuild needs those headers from the network): the release workflow does both.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's fuses as it ships them: RunAsNode, NODE_OPTIONS, --inspect, file:// privileges and WASM trap handlers on, the rest off. */
const ELECTRON_DEFAULT_WIRE = '101100011';

/** A stand-in for Electron's binary: a shell script that carries Electron's fuse wire (version 1). */
export function fakeElectronBinary() {
  return Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for Electron (dist:check)"\n'),
    Buffer.alloc(256),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE, 'latin1'),
    Buffer.alloc(256),
  ]);
}

/**
 * The files the packaged app loads at run time, relative to the root: package.json's main, and
 * every `join(__dirname, '...')` of src-main/electron (resolved from out/main, where the shell is
 * bundled; a folder stands for its index.html).
 */
export function appEntryFiles(root = ROOT) {
  const entries = [];
  const { main } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  entries.push({ path: posix.normalize(main), why: "package.json's main" });
  const dir = join(root, 'src-main', 'electron');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) {
    const source = readFileSync(join(dir, name), 'utf8');
    for (const match of source.matchAll(/join\(\s*__dirname\s*,((?:\s*'[^']*'\s*,?)+)\)/g)) {
      const parts = [...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
      let path = posix.normalize(posix.join('out/main', ...parts));
      if (!posix.extname(path)) path = posix.join(path, 'index.html');
      entries.push({ path, why: `src-main/electron/${name}: join(__dirname, ${parts.map((p) => `'${p}'`).join(', ')})` });
    }
  }
  return entries.filter((e, i) => entries.findIndex((f) => f.path === e.path) === i);
}

/** Bare module names out/main requires at run time (externalized dependencies). */
function requiredModules(root) {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
          const name = m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0];
          if (!name.startsWith('node:') && name !== 'electron') names.add(name);
        }
      }
    }
  };
  walk(join(root, 'out', 'main'));
  return [...names].sort();
}

function filesUnder(root, dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path).split(/[\\/]/).join('/'));
    }
  };
  walk(join(root, dir));
  return out;
}

async function main() {
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) {
    console.error('dist:check: no build in out/: run `npm run build` first.');
    process.exit(1);
  }
  const require = createRequire(join(ROOT, 'package.json'));
  const { build, Platform, Arch } = require('electron-builder');
  const asar = require('@electron/asar');
  const config = require(join(ROOT, 'electron-builder.config.cjs'));
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

  const work = mkdtempSync(join(tmpdir(), 'wharf-dist-check-'));
  const electronDist = join(work, 'electron');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(join(electronDist, 'electron'), fakeElectronBinary());
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
  writeFileSync(join(electronDist, 'version'), electronVersion);
  const output = join(work, 'dist');
  const started = Date.now();
  const problems = [];
  try {
    await build({
      projectDir: ROOT,
      targets: Platform.LINUX.createTarget('dir', Arch[process.arch] ?? Arch.x64),
      publish: 'never',
      config: { ...config, electronDist, electronVersion, npmRebuild: false, publish: null, directories: { ...config.directories, output } },
    });
    const appOut = join(output, readdirSync(output).find((n) => n.endsWith('-unpacked')));
    const resources = join(appOut, 'resources');
    const inAsar = new Set(asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')));
    const unpacked = existsSync(join(resources, 'app.asar.unpacked')) ? filesUnder(join(resources, 'app.asar.unpacked'), '.') : [];

    for (const entry of appEntryFiles(ROOT)) {
      if (!existsSync(join(ROOT, entry.path))) problems.push(`${entry.path} (${entry.why}) is not produced by the build`);
      if (!inAsar.has(entry.path)) problems.push(`${entry.path} (${entry.why}) is not in app.asar`);
    }
    for (const path of filesUnder(ROOT, 'out').filter((p) => !p.endsWith('.map'))) {
      if (!inAsar.has(path)) problems.push(`${path} (built) is not in app.asar`);
    }
    const modules = requiredModules(ROOT);
    for (const name of modules) {
      if (!inAsar.has(`node_modules/${name}/package.json`)) problems.push(`node_modules/${name} (required by out/main) is not in app.asar`);
    }
    const pty = 'node_modules/node-pty/build/Release/pty.node';
    if (!unpacked.includes(pty)) problems.push(`${pty} is not unpacked beside app.asar`);
    for (const dev of ['electron', 'vitest', 'vue', 'naive-ui', 'electron-builder', 'typescript']) {
      if (inAsar.has(`node_modules/${dev}/package.json`)) problems.push(`node_modules/${dev} (development only) is in app.asar`);
    }
    const { getCurrentFuseWire, FuseV1Options, FuseState } = await import('@electron/fuses');
    const { FUSES } = require(join(ROOT, 'scripts', 'after-pack.cjs'));
    const wire = await getCurrentFuseWire(join(appOut, config.executableName));
    for (const [name, on] of Object.entries(FUSES)) {
      if (wire[FuseV1Options[name]] !== (on ? FuseState.ENABLE : FuseState.DISABLE)) problems.push(`fuse ${name} is not ${on ? 'on' : 'off'}`);
    }
    const size = (p) => (statSync(p).size / 1024 / 1024).toFixed(1);
    console.log(
      `\ndist:check: ${inAsar.size} entries in app.asar (${size(join(resources, 'app.asar'))} MB), ${unpacked.length} files unpacked; ` +
        `${appEntryFiles(ROOT).length} run-time entry files, ${modules.length} required modules (${modules.join(', ')}); ` +
        `${Object.keys(FUSES).length} fuses; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (problems.length) {
    console.error(`dist:check: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('dist:check: ok');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`dist:check: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  });
}
