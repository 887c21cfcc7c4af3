// `npm run web`: build, then browser mode on Node 22 (what Electron 45 runs; on an older Node
// it is installed from the npm registry once, see node22.mjs). Arguments go to browser mode:
// `npm run web -- --help`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rerunUnderNode22, SetupError } from './node22.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`npm run web: ${line}\n`);

try {
  await rerunUnderNode22({ root: ROOT, script: fileURLToPath(import.meta.url), log: say });
} catch (err) {
  if (!(err instanceof SetupError)) throw err;
  say(err.message);
  process.exit(1);
}

const require = createRequire(join(ROOT, 'package.json'));
const manifest = require.resolve('electron-vite/package.json');
const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin;
const build = spawnSync(process.execPath, [join(dirname(manifest), typeof bin === 'string' ? bin : bin['electron-vite']), 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
// Browser mode reads process.argv.slice(2): the same arguments this script was given.
await import(pathToFileURL(join(ROOT, 'out', 'main', 'web.js')).href);
