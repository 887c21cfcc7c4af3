// `npm run bench`: runs every benchmark in tests/bench in turn. Benchmarks print figures
// (times, rates, counts) against their goals; they never fail on a timing.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'tests', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failures = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const result = spawnSync('npx', ['--no-install', 'tsx', join(dir, file)], { stdio: 'inherit' });
  if (result.status !== 0) failures++;
}
process.exit(failures ? 1 : 0);
