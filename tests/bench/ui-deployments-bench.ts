/**
 * The Deployments view in real Chromium against browser mode on the `large` scenario (2,000
 * services in one cluster, 50 staged deployments in progress: blue/green paused at a PAUSE
 * hook, canaries baking at 5 %, linear stepping 10 % every 20 minutes behind a Lambda hook;
 * the sim's AWS throttle figures on, Wharf's buckets at the default share). Prints:
 *   (0) page.goto of #/deployments to the view painted (its heading, with the frame: skeleton
 *       rows until the view's chunk arrives); (0b) to the view's own code drawn (its filters);
 *   (1) to the first deployment row painted (the inventory reads the cluster's services first);
 *   (2) to all 50 rows painted (the inventory finds the services moving, the domain lists them);
 *   (3) the deployments domain's steady calls per minute (its own count over the last minute,
 *       after a minute on the view) against the minimum its cadences need for this mix;
 *   (4) ThrottlingExceptions (the status bar's count since start, and the domain's own): goal 0;
 *   and the page's main-thread CPU while it sits on the view with its countdowns ticking.
 * Asserts nothing. Builds out/ first when stale (BENCH_NO_BUILD=1 skips that). Chromium from
 * /usr/bin/chromium or CHROMIUM_PATH; never downloads one.
 *
 *   npm run bench -- ui-deployments      (or: npx tsx tests/bench/ui-deployments-bench.ts)
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeploymentList } from '../../src-main/contract/domains/deployments';
import { DEFAULT_CADENCE } from '../../src-main/core/deployments/deployments-service';
import { ensureBuilt } from './_build';

export interface UiDeploymentsFigures {
  viewMs: number | null;
  /** The view's own code drawn (its filters), after the heading and skeleton rows the frame paints. */
  viewCodeMs: number | null;
  firstRowMs: number | null;
  allRowsMs: number | null;
  rowsAtEnd: number;
  /** The domain's list after the steady minute (its budget, the deployments as it sees them). */
  list: DeploymentList;
  steadySeconds: number;
  /** Main-thread CPU over the steady window (Chromium's ThreadTime). */
  steadyCpuMs: number;
  throttledTotal: number | null;
  statusText: string;
}

const EXPECTED = 50;
const IN_MOTION = new Set(['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'STOP_REQUESTED']);
const SHIFTING = new Set(['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT']);
const DESCRIBE_BATCH = 20; // DescribeServiceDeployments and DescribeRules, as the domain batches them
const ALARMS_BATCH = 100; // DescribeAlarms AlarmNames

/**
 * The fewest calls a minute the domain's cadences allow for what is in motion: one
 * DescribeServiceDeployments per 20 every 10 s; one DescribeRules per 20 production rules of
 * those shifting traffic every 10 s; one DescribeTargetHealth per new revision's target group
 * every 60 s (the API takes one group); one DescribeAlarms per 100 alarm names every 30 s.
 */
function minimum(list: DeploymentList): { perMinute: number; how: string } {
  const moving = list.deployments.filter((d) => IN_MOTION.has(d.status));
  const perMin = (ms: number) => 60_000 / ms;
  const regions = [...new Set(moving.map((d) => d.region))];
  let describes = 0;
  let rules = 0;
  let health = 0;
  let alarms = 0;
  for (const region of regions) {
    const here = moving.filter((d) => d.region === region);
    describes += Math.ceil(here.length / DESCRIBE_BATCH) * perMin(DEFAULT_CADENCE.describeMs);
    const shifting = here.filter((d) => d.strategy !== 'ROLLING' && d.stage !== null && SHIFTING.has(d.stage));
    rules += Math.ceil(shifting.length / DESCRIBE_BATCH) * perMin(DEFAULT_CADENCE.describeMs);
    health += here.filter((d) => d.targets !== null).length * perMin(DEFAULT_CADENCE.healthMs);
    const names = new Set(here.flatMap((d) => d.alarms.names));
    alarms += Math.ceil(names.size / ALARMS_BATCH) * perMin(DEFAULT_CADENCE.alarmsMs);
  }
  const perMinute = describes + rules + health + alarms;
  return {
    perMinute,
    how: `${moving.length} in motion: DescribeServiceDeployments ${describes}/min (20 a call / ${DEFAULT_CADENCE.describeMs / 1000} s) + DescribeRules ${rules}/min (production rules of those shifting, 20 a call / ${DEFAULT_CADENCE.describeMs / 1000} s) + DescribeTargetHealth ${health}/min (one group a call / ${DEFAULT_CADENCE.healthMs / 1000} s) + DescribeAlarms ${alarms}/min (100 names a call / ${DEFAULT_CADENCE.alarmsMs / 1000} s)`,
  };
}

const s = (n: number | null) => (n === null || Number.isNaN(n) ? 'n/a' : `${(n / 1000).toFixed(2)} s`);

function printReport(f: UiDeploymentsFigures): void {
  const min = minimum(f.list);
  const steady = f.list.budget.callsPerMinute;
  const ratio = steady / Math.max(1, min.perMinute);
  const verdict = (ok: boolean | null) => (ok === null ? '?' : ok ? 'met' : 'MISSED');
  const rows: Array<[string, string, string, string]> = [
    ['(0) first paint of the view', s(f.viewMs), '< 1.5 s', verdict(f.viewMs === null ? null : f.viewMs < 1500)],
    ["(0b) the view's own code drawn (filters)", s(f.viewCodeMs), 'as its chunk arrives', verdict(f.viewCodeMs !== null)],
    ['(1) first deployment row on screen', s(f.firstRowMs), 'as the inventory finds them', verdict(f.firstRowMs !== null)],
    [`(2) all ${EXPECTED} deployments listed`, s(f.allRowsMs), 'as the inventory finds them', verdict(f.allRowsMs !== null)],
    ['(3) steady calls per minute (domain)', `${steady} (x${ratio.toFixed(2)} of minimum ${Math.round(min.perMinute)})`, '<= 1.25 x minimum', verdict(ratio <= 1.25)],
    ['(4) ThrottlingExceptions', `${f.throttledTotal ?? 'n/a'} (status bar), ${f.list.budget.throttled} (domain)`, '0', verdict(f.throttledTotal === 0 && f.list.budget.throttled === 0)],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('\n' + ['measure'.padEnd(widths[0]), 'figure'.padEnd(widths[1]), 'goal'.padEnd(widths[2]), 'verdict'].join('  '));
  for (const r of rows) console.log([r[0].padEnd(widths[0]), r[1].padEnd(widths[1]), r[2].padEnd(widths[2]), r[3]].join('  '));
  const byStrategy = new Map<string, number>();
  for (const d of f.list.deployments) if (IN_MOTION.has(d.status)) byStrategy.set(`${d.strategy} ${d.stage ?? '-'}`, (byStrategy.get(`${d.strategy} ${d.stage ?? '-'}`) ?? 0) + 1);
  console.log('\ndetails');
  console.log(`  rows on the view at the end: ${f.rowsAtEnd}; in motion by strategy and stage: ${[...byStrategy].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`  minimum: ${min.how}`);
  console.log(`  the domain's last minute by operation: ${Object.entries(f.list.budget.byOperation).map(([op, n]) => `${op} ${n}`).join(', ')}`);
  console.log(`  main-thread CPU over ${f.steadySeconds} s on the view (countdowns ticking, deltas arriving): ${Math.round(f.steadyCpuMs)} ms = ${(f.steadyCpuMs / f.steadySeconds / 10).toFixed(1)} %`);
  console.log(`  status bar at the end: ${f.statusText}`);
}

const RUNNER = pathToFileURL(join(__dirname, 'browser', 'deployments-run.ts')).href;

async function main(): Promise<void> {
  ensureBuilt(join(__dirname, '..', '..'));
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} (times stretch when other work shares the cores)`);
  const { runDeploymentsBench } = (await import(RUNNER)) as { runDeploymentsBench: (o: { expected: number; steadySeconds: number }) => Promise<UiDeploymentsFigures> };
  const figures = await runDeploymentsBench({ expected: EXPECTED, steadySeconds: Number(process.env.BENCH_STEADY_SECONDS ?? 75) });
  printReport(figures);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
