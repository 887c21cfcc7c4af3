/**
 * ECS Exec figures through the sim on loopback, the way the app does it: ExecManager ->
 * DescribeTasks/DescribeClusters -> ExecuteCommand (SDK over HTTP) -> the data channel to
 * the sim's agent -> a real shell in a pty.
 *   1. keystroke echo round trip (one key in, its echo out): p50, p99
 *   2. output throughput of `head -c 20000000 /dev/urandom | base64`, and whether every
 *      base64 byte the shell wrote arrived (expected count computed from the input size).
 * Run: npx tsx tests/bench/exec-bench.ts   (prints figures, asserts nothing)
 */
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { KMSClient } from '@aws-sdk/client-kms';
import { spawn } from 'node-pty';
import { ExecManager } from '../../src-main/core/exec/exec-manager';
import { startSim } from '../../src-main/sim';

const KEYSTROKES = 300;
const RANDOM_BYTES = 20_000_000;
/** base64 turns every 3 input bytes (rounded up) into 4 characters; GNU base64 wraps at 76. */
const EXPECTED_BASE64_CHARS = 4 * Math.ceil(RANDOM_BYTES / 3);
const EXPECTED_LINES = Math.ceil(EXPECTED_BASE64_CHARS / 76);

/** The same command straight from a pty, no protocol: the ceiling for the figure above. */
function rawPtyBaseline(): Promise<void> {
  return new Promise((resolve) => {
    const pty = spawn('/bin/sh', ['-c', `head -c ${RANDOM_BYTES} /dev/urandom | base64`], { cols: 120, rows: 40, encoding: null });
    let bytes = 0;
    const start = performance.now();
    pty.onData((d: string | Buffer) => (bytes += d.length));
    pty.onExit(() => {
      const seconds = (performance.now() - start) / 1000;
      console.log(`baseline, the same command read straight from a pty: ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const sim = await startSim({ scenario: 'demo', speed: 0 });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
  const ecs = new ECSClient(config);
  const kms = new KMSClient(config);
  let output = '';
  let chunks: string[] | null = null;
  let wake: (() => void) | null = null;
  const exec = new ExecManager({
    ecs,
    kms,
    emit: (event, payload) => {
      if (event !== 'exec.output') return;
      const data = (payload as { data: string }).data;
      if (chunks) chunks.push(data);
      else output += data;
      wake?.();
    },
  });
  const waitFor = (test: () => boolean, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      wake = () => {
        if (!test()) return;
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      wake();
    });

  try {
    const list = await ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'checkout', desiredStatus: 'RUNNING' }));
    const task = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: list.taskArns ?? [] }))).tasks!.find((t) => t.lastStatus === 'RUNNING')!;
    const t0 = performance.now();
    const session = await exec.start({ clusterArn: task.clusterArn!, taskArn: task.taskArn!, container: task.containers![0].name!, cols: 120, rows: 40 });
    await waitFor(() => output.includes('# '));
    console.log(`session open (preflight + ExecuteCommand + channel + first prompt): ${(performance.now() - t0).toFixed(1)} ms`);

    // 1. keystroke echo
    const samples: number[] = [];
    for (let i = 0; i < KEYSTROKES; i++) {
      const before = output.length;
      const start = performance.now();
      exec.input(session.sessionId, 'x');
      await waitFor(() => output.length > before && output.slice(before).includes('x'));
      samples.push(performance.now() - start);
    }
    exec.input(session.sessionId, '\x15'); // Ctrl-U: clear the typed line
    samples.sort((a, b) => a - b);
    const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))].toFixed(2);
    console.log(`keystroke echo round trip (${KEYSTROKES} keys): p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${samples.at(-1)!.toFixed(2)} ms`);

    // 2. throughput
    await new Promise((r) => setTimeout(r, 100));
    chunks = [];
    const begin = performance.now();
    exec.input(session.sessionId, `echo ==BEG""IN==; head -c ${RANDOM_BYTES} /dev/urandom | base64; echo ==EN""D==\r`);
    let tail = '';
    await waitFor(() => {
      tail = (chunks!.at(-1) ?? '').slice(-64);
      return /==END==/.test(tail) || chunks!.slice(-2).join('').includes('==END==');
    }, 300_000);
    const seconds = (performance.now() - begin) / 1000;
    const text = chunks.join('');
    const body = text.slice(text.indexOf('==BEGIN==') + '==BEGIN=='.length, text.indexOf('==END=='));
    const base64Chars = body.replace(/[\r\n]/g, '').length;
    const lines = body.split('\n').filter((l) => l.trim()).length;
    const received = Buffer.byteLength(text);
    console.log(`base64 of ${RANDOM_BYTES} random bytes: ${(received / 1e6).toFixed(1)} MB of terminal output in ${seconds.toFixed(2)} s = ${(received / 1e6 / seconds).toFixed(1)} MB/s`);
    console.log(`base64 characters received ${base64Chars}, expected ${EXPECTED_BASE64_CHARS}: ${base64Chars === EXPECTED_BASE64_CHARS ? 'equal' : 'DIFFERENT'}; lines ${lines}, expected ${EXPECTED_LINES}`);
    exec.closeAll();
    await rawPtyBaseline();
  } finally {
    ecs.destroy();
    kms.destroy();
    await sim.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
