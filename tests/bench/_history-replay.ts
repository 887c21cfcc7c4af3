/**
 * Replays what history was handed during a bench run (BENCH_HISTORY_CAPTURE=<file> npm run
 * bench -- history) into a fresh store in this thread, appending once per real second as the
 * service does, and prints where the worker's time goes: per append, first load apart from the
 * steady window, and the recorder's own phases. Run it under a profiler to see functions:
 *
 *   npx tsx tests/bench/_history-replay.ts /tmp/capture.jsonl
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx tests/bench/_history-replay.ts /tmp/capture.jsonl
 *
 * Not run by `npm run bench` (the leading underscore): it needs a capture.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import type { AuditEntry } from '../../src-main/contract/domains/audit';
import type { InventoryDelta, Problem } from '../../src-main/contract/domains/inventory';
import { HistoryStore } from '../../src-main/core/history/store/history-store';
import { threadCpuMs } from '../../src-main/core/history/thread-cpu';
import type { AppendItem } from '../../src-main/core/history/store/types';

interface Line {
  real: number;
  t: number;
  event: string;
  payload?: unknown;
}

const file = process.argv[2];
if (!file) throw new Error('usage: _history-replay.ts <capture.jsonl>');
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
const dir = mkdtempSync(join(tmpdir(), 'wharf-history-replay-'));
const store = HistoryStore.open(join(dir, 'history.db'));
const profile = 'bench';

function item(line: Line): AppendItem | null {
  if (line.event === 'inventory.delta') return { type: 'delta', t: line.t, gen: 0, profile, delta: line.payload as InventoryDelta };
  if (line.event === 'problems.changed') return { type: 'problems', t: line.t, gen: 0, profile, problems: (line.payload as { problems: Problem[] }).problems };
  if (line.event === 'audit.appended') return { type: 'audit', t: line.t, profile, entry: line.payload as AuditEntry };
  return null;
}

/** REPLAY_FLUSH_MS: how often the service hands its queue over (its flushMs; 1 s by default). */
const FLUSH_MS = Number(process.env.REPLAY_FLUSH_MS ?? 1000);
const appends: Array<{ phase: 'load' | 'window'; items: AppendItem[] }> = [];
let phase: 'load' | 'window' = 'load';
let current: AppendItem[] = [];
let flushAt = lines[0]?.real ?? 0;
for (const line of lines) {
  if (line.event === 'bench.window' || line.real >= flushAt + FLUSH_MS) {
    if (current.length) appends.push({ phase, items: current });
    current = [];
    flushAt = line.real;
  }
  if (line.event === 'bench.window') phase = 'window';
  const it = item(line);
  if (it) current.push(it);
}
if (current.length) appends.push({ phase, items: current });

async function main(): Promise<void> {
  const times = { load: [] as number[], window: [] as number[] };
  const cpu = { load: 0, window: 0 };
  // REPLAY_PROFILE=<file.cpuprofile>: a CPU profile of the steady window's appends only.
  const session = process.env.REPLAY_PROFILE ? new Session() : null;
  session?.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session!.post(method, (err, res) => (err ? reject(err) : resolve(res))));
  if (session) await post('Profiler.enable');
  let bytesAtWindow = 0;
  let phasesAtWindow: Record<string, number> = {};
  for (const a of appends) {
    if (a.phase === 'window' && !times.window.length) {
      bytesAtWindow = store.info(profile).bytes;
      phasesAtWindow = store.phases();
      if (session) await post('Profiler.start');
    }
    const t = performance.now();
    const c = threadCpuMs() ?? 0;
    store.append(a.items);
    cpu[a.phase] += (threadCpuMs() ?? 0) - c;
    times[a.phase].push(performance.now() - t);
  }
  if (session) writeFileSync(process.env.REPLAY_PROFILE!, JSON.stringify(((await post('Profiler.stop')) as { profile: unknown }).profile));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const windowLines = lines.filter((l) => l.event !== 'bench.window');
  const simSpan = (windowLines.at(-1)?.t ?? 0) - (lines.find((l) => l.event === 'bench.window')?.t ?? 0);
  const info = store.info(profile);
  console.log(`appends (every ${FLUSH_MS} ms): load ${times.load.length} in ${sum(times.load).toFixed(0)} ms (CPU ${cpu.load.toFixed(0)} ms); window ${times.window.length} in ${sum(times.window).toFixed(0)} ms, CPU ${cpu.window.toFixed(0)} ms (worst ${Math.max(0, ...times.window).toFixed(0)} ms)`);
  console.log(`store: ${info.batches} batches, ${info.keyframes} keyframes; file ${(statSync(join(dir, 'history.db')).size / 1048576).toFixed(1)} MB, window ${((info.bytes - bytesAtWindow) / 1048576).toFixed(1)} MB in ${(simSpan / 60_000).toFixed(0)} simulated minutes`);
  const phases = store.phases();
  console.log('recorder phases, first load (ms):', JSON.stringify(phasesAtWindow));
  console.log('recorder phases, window (ms):', JSON.stringify(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v - (phasesAtWindow[k] ?? 0)]))));
  // The time bar over the window, on the store reopened (cold: no decoded keyframe kept), as the
  // bench asks it (through the worker it also pays the structured clone: v8.serialize here).
  store.close();
  const reopened = HistoryStore.open(join(dir, 'history.db'));
  const clusterArn = (lines.find((l) => l.event === 'inventory.delta' && (l.payload as InventoryDelta).clusterArn) ?.payload as InventoryDelta).clusterArn!;
  const windowStart = lines.find((l) => l.event === 'bench.window')?.t ?? lines[0].t;
  const windowEnd = windowLines.at(-1)?.t ?? windowStart;
  const timesOf = { services: [] as number[], placement: [] as number[], clone: [] as number[] };
  const qProfile = process.env.REPLAY_QUERY_PROFILE ? new Session() : null;
  qProfile?.connect();
  const qpost = (method: string) => new Promise<unknown>((resolve, reject) => qProfile!.post(method, (err, res) => (err ? reject(err) : resolve(res))));
  if (qProfile) { await qpost('Profiler.enable'); await qpost('Profiler.start'); }
  for (let i = 0; i <= 8; i++) {
    const at = Math.round(windowStart + ((windowEnd - windowStart) * i) / 8);
    let t = performance.now();
    reopened.handle({ op: 'snapshot', profile, clusterArn, at, kinds: ['services', 'capacityProviders'] });
    timesOf.services.push(performance.now() - t);
    t = performance.now();
    const p = reopened.handle({ op: 'snapshot', profile, clusterArn, at, kinds: ['tasks', 'instances'] });
    timesOf.placement.push(performance.now() - t);
    t = performance.now();
    deserialize(serialize(p));
    timesOf.clone.push(performance.now() - t);
  }
  if (qProfile) writeFileSync(process.env.REPLAY_QUERY_PROFILE!, JSON.stringify(((await qpost('Profiler.stop')) as { profile: unknown }).profile));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms`;
  console.log(`moment, services list: ${fmt(timesOf.services)}; placement: ${fmt(timesOf.placement)} (+ structured clone ${fmt(timesOf.clone)})`);
  const t = performance.now();
  const c = reopened.handle({ op: 'changes', profile, clusterArn, from: windowStart, to: windowEnd }) as { total: number };
  console.log(`what changed over the window: ${c.total} changes in ${(performance.now() - t).toFixed(0)} ms`);
  reopened.close();
  if (process.env.REPLAY_KEEP) console.log(`kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

void main();
