export interface WebArgs {
  help: boolean;
  port: number;
  demo: boolean;
  scenario: string;
  speed: number | undefined;
  seed: number | undefined;
  dataDir: string | undefined;
  readyJson: boolean;
  /** The large scenario's sizes, handed to the sim (--services, --tasks, --instances). */
  large: { services?: number; tasks?: number; instances?: number };
  /** The demo's ledger incident (sim minutes after start), see the sim's --ledger-incident-in. */
  ledgerIncidentIn: number | undefined;
  /** Tests: the Demo sim serves its admin routes, and --ready-json reports its endpoint and key pair. */
  exposeSim: boolean;
}

export const WEB_HELP = `Usage: npm run web -- [options]
  --port N          listen on 127.0.0.1:N (default: a free port)
  --scenario NAME   the Demo account's sim scenario: demo, large, empty (default demo)
  --speed N         the sim clock's speed (default 1 = real time)
  --seed N          the sim's random seed
  --no-demo         no Demo account (real AWS profiles only)
  --data-dir DIR    where settings and the audit log live (default ~/.config/wharf)
  --ledger-incident-in MIN  demo: ledger healthy until a bad release MIN sim minutes in
  --ready-json      print one JSON line {"ready":true,"url":...} when serving
  --services N, --tasks N, --instances N
                    the large scenario's sizes (default 2000, 10000, 500)
  --expose-sim      for tests: turn on the Demo sim's /__sim admin routes and put its
                    endpoint and key pair on the --ready-json line (never in the page)
`;

export function parseWebArgs(argv: string[]): WebArgs {
  const args: WebArgs = { help: false, port: 0, demo: true, scenario: 'demo', speed: undefined, seed: undefined, dataDir: undefined, readyJson: false, large: {}, exposeSim: false, ledgerIncidentIn: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': args.help = true; break;
      case '--port': args.port = Number(value()); break;
      case '--scenario': args.scenario = value(); break;
      case '--speed': args.speed = Number(value()); break;
      case '--seed': args.seed = Number(value()); break;
      case '--no-demo': args.demo = false; break;
      case '--data-dir': args.dataDir = value(); break;
      case '--ready-json': args.readyJson = true; break;
      case '--services': case '--tasks': case '--instances': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
        args.large[flag.slice(2) as 'services' | 'tasks' | 'instances'] = n;
        break;
      }
      case '--ledger-incident-in': args.ledgerIncidentIn = Number(value()); break;
      case '--expose-sim': args.exposeSim = true; break;
      default: throw new Error(`Unknown option ${flag} (see --help)`);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..65535');
  return args;
}
