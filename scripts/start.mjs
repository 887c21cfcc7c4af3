// `npm start`: build and open Wharf in Electron. Where the Electron binary could not be
// downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1, offline build machines) say so in one line
// and point to browser mode instead of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary = null;
try {
  binary = require('electron');
} catch {
  binary = null;
}
if (typeof binary !== 'string') {
  console.error('Wharf: the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD?). Run `npm run web` to use Wharf in a browser, or reinstall with `npm install` where Electron can be downloaded.');
  process.exit(1);
}
const run = (args) => spawnSync('npx', args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
process.exit(run(['electron-vite', 'preview']));
