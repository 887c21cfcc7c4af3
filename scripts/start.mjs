// `npm start`: build and open Wharf in Electron.
//
// The `electron` package (v45) has no install script: its binary is fetched the first time
// something calls `require('electron')`, which prints "Downloading Electron binary..." and a
// stack trace when the download host is unreachable, and it ignores
// ELECTRON_SKIP_BINARY_DOWNLOAD. So this script finds the binary itself (as electron-vite
// does: ELECTRON_EXEC_PATH, or node_modules/electron/path.txt + dist/), fetches it once with
// the package's own installer when allowed, and otherwise says in one line what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const WEB_HINT = 'Run `npm run web` to use Wharf in a browser';

function fail(reason) {
  console.error(`Wharf: ${reason}. ${WEB_HINT}, or run \`npm start\` where Electron can be downloaded.`);
  process.exit(1);
}

/** The Electron package folder, without running its index.js (which would download). */
function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The Electron executable when it is on disk, else null. */
function findElectronBinary(pkgDir) {
  if (process.env.ELECTRON_EXEC_PATH) return existsSync(process.env.ELECTRON_EXEC_PATH) ? process.env.ELECTRON_EXEC_PATH : null;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const skipDownload = /^(1|true|yes)$/i.test(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '');
const pkgDir = electronPackageDir();
if (!pkgDir) fail('the electron package is not installed (run `npm install`)');

let binary = findElectronBinary(pkgDir);
if (!binary) {
  if (skipDownload) fail('the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD is set)');
  console.error('Wharf: fetching the Electron binary (first run only)...');
  const install = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { encoding: 'utf8' });
  binary = install.status === 0 ? findElectronBinary(pkgDir) : null;
  if (!binary) {
    const why = `${install.stderr ?? ''}`.split('\n').find((line) => line.trim()) ?? 'no binary after install';
    fail(`the Electron binary could not be downloaded (${why.trim().slice(0, 120)})`);
  }
}

// electron-vite reads ELECTRON_EXEC_PATH, so it launches the binary found above.
const preview = spawnSync('npx', ['electron-vite', 'preview'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
process.exit(preview.status ?? 1);
