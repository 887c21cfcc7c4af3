/**
 * `npm run sim -- --scenario demo --port 0`: runs the simulated AWS account standalone and
 * prints its endpoint and the key pair to sign with (random per start, or `--access-key` and
 * `--secret-key`). With `--ready-json` the first stdout line is one JSON object for the process
 * that started it, credentials included (see embedded.ts: they travel over that pipe and nowhere
 * else); the human-readable lines then go to stderr, without the secret.
 */
import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSim, type FaultOptions, type RunningSim } from './index';
import { SCENARIOS, type ScenarioName } from './scenarios';

const HELP = `Wharf sim: a simulated AWS account (ECS, ECR, CloudWatch, CloudWatch Logs, Elastic Load Balancing, STS, KMS) on loopback.

Usage: npm run sim -- [options]

  --scenario <name>              demo | large | empty (default demo)
  --host <addr>                  address to bind (default 127.0.0.1)
  --port <n>                     port (default 0 = any free port)
  --speed <x>                    sim seconds per real second (default 1; 60 = a minute per second; 0 = frozen)
  --seed <n>                     seed of the world and its randomness (default 42)
  --account <id>                 account id (default 123456789012)
  --region <name>                primary region (default us-east-1); requests signed for
                                 any other region answer from that region's own world
  --no-throttle                  turn ECS request throttling off
  --services <n>                 large scenario: services (default 2000)
  --tasks <n>                    large scenario: tasks (default 10000)
  --instances <n>                large scenario: container instances (default 500)
  --deployments <n>              large scenario: services deploying with BLUE_GREEN / CANARY / LINEAR at start (default 50)
  --ledger-incident-in <min>      demo scenario: ledger runs healthy until a bad release, this many sim minutes in
  --fault-5xx <share>            answer this share of calls (0..1) with a 500
  --fault-latency <ms>           add this latency to every call
  --fault-throttle-storm         throttle every ECS call 15 s out of every 60 s
  --fault-expire-credentials <s> each access key expires this many seconds after its first call
  --fault-exec-drop <s>          drop exec sessions' sockets after this many seconds
  --fault-unimplemented <ops>    answer these operations (comma-separated) as an emulator
                                 that lacks them: HTTP 501 with an HTML page
  --access-key <id>              the access key id clients sign with (default: a random one)
  --secret-key <key>             its secret (with --access-key; default: a random one). Other users
                                 of this machine can read a command line: prefer the random pair
  --admin                        serve the debugging routes (below)
  --ready-json                   print one JSON line {"ready":true,"endpoint","credentials",...} first
  --help                         this text

Every request must be signed (SigV4) with the sim's key pair, as AWS requires.
Debugging, with --admin, given the secret key as a bearer token and a JSON content type:
  GET /__sim/state, GET|POST /__sim/faults, POST /__sim/advance {"ms":60000}`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got "${value}".`);
  return n;
}

const minutes = (n: number | undefined) => (n === undefined ? undefined : n * 60_000);

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scenario: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      'no-throttle': { type: 'boolean' },
      services: { type: 'string' },
      tasks: { type: 'string' },
      instances: { type: 'string' },
      deployments: { type: 'string' },
      'ledger-incident-in': { type: 'string' },
      'fault-5xx': { type: 'string' },
      'fault-latency': { type: 'string' },
      'fault-throttle-storm': { type: 'boolean' },
      'fault-expire-credentials': { type: 'string' },
      'fault-exec-drop': { type: 'string' },
      'fault-unimplemented': { type: 'string' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      admin: { type: 'boolean' },
      'ready-json': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const scenario = (values.scenario ?? 'demo') as ScenarioName;
  const accessKeyId = values['access-key'];
  const secretAccessKey = values['secret-key'];
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) throw new Error('--access-key and --secret-key go together.');
  // A slash or a space would break the SigV4 credential scope the key id is written into.
  if (accessKeyId !== undefined && !/^[A-Za-z0-9]{1,128}$/.test(accessKeyId)) throw new Error('--access-key takes letters and digits only, as AWS access key ids are.');
  if (secretAccessKey === '') throw new Error('--secret-key cannot be empty.');
  if (!SCENARIOS.includes(scenario)) throw new Error(`Unknown scenario "${scenario}": use one of ${SCENARIOS.join(', ')}.`);
  const faults: FaultOptions = {
    serverErrorRate: numberOption(values['fault-5xx'], 'fault-5xx'),
    latencyMs: numberOption(values['fault-latency'], 'fault-latency'),
    throttleStorm: values['fault-throttle-storm'] || undefined,
    expireCredentialsAfterSeconds: numberOption(values['fault-expire-credentials'], 'fault-expire-credentials'),
    execDropAfterSeconds: numberOption(values['fault-exec-drop'], 'fault-exec-drop'),
    unimplemented: values['fault-unimplemented'] ? values['fault-unimplemented'].split(',').map((s) => s.trim()).filter(Boolean) : undefined,
  };
  return {
    help: Boolean(values.help),
    readyJson: Boolean(values['ready-json']),
    options: {
      scenario,
      host: values.host,
      port: numberOption(values.port, 'port') ?? 0,
      speed: numberOption(values.speed, 'speed'),
      seed: numberOption(values.seed, 'seed'),
      accountId: values.account,
      region: values.region,
      throttle: !values['no-throttle'],
      admin: Boolean(values.admin),
      credentials: accessKeyId && secretAccessKey ? [{ accessKeyId, secretAccessKey }] : undefined,
      faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)) as FaultOptions,
      demo: { ledgerIncidentInMs: minutes(numberOption(values['ledger-incident-in'], 'ledger-incident-in')) },
      large: {
        services: numberOption(values.services, 'services'),
        tasks: numberOption(values.tasks, 'tasks'),
        instances: numberOption(values.instances, 'instances'),
        deployments: numberOption(values.deployments, 'deployments'),
      },
    },
  };
}

/** Closes the sim when asked to (signals) or when whoever started it goes away (IPC, stdin pipe). */
function closeOnExit(sim: RunningSim): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    sim.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.send) process.on('disconnect', shutdown);
  // Only a pipe on stdin means "a parent holds the other end"; a TTY or /dev/null does not.
  let stdinIsPipe = false;
  try {
    stdinIsPipe = fstatSync(0).isFIFO();
  } catch {
    stdinIsPipe = false;
  }
  if (stdinIsPipe) {
    process.stdin.on('end', shutdown);
    process.stdin.on('error', shutdown);
    process.stdin.resume();
  }
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const sim = await startSim(parsed.options);
  const { accessKeyId, secretAccessKey } = sim.credentials;
  if (parsed.readyJson) {
    const ready = { ready: true, endpoint: sim.endpoint, region: sim.region, accountId: sim.accountId, credentials: { accessKeyId, secretAccessKey } };
    process.stdout.write(`${JSON.stringify(ready)}\n`);
    process.stderr.write(`Wharf sim (${sim.scenario}) listening on ${sim.endpoint} — region ${sim.region}, account ${sim.accountId}\n`);
  } else {
    const lines = [
      `Wharf sim (${sim.scenario}) listening on ${sim.endpoint} — region ${sim.region}, account ${sim.accountId}`,
      'Sign with this key pair (it changes at every start unless given with --access-key/--secret-key):',
      `  export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
      `Try: aws --endpoint-url ${sim.endpoint} --region ${sim.region} ecs list-clusters`,
    ];
    if (parsed.options.admin) lines.push(`Admin: curl -H 'Authorization: Bearer ${secretAccessKey}' -H 'Content-Type: application/json' ${sim.endpoint}/__sim/state`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  closeOnExit(sim);
}

main().catch((error: unknown) => {
  process.stderr.write(`The sim could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
