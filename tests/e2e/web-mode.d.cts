export interface WebMode {
  /** The URL with its token, as `npm run web` prints it. */
  url: string;
  origin: string;
  token: string;
  /** The Demo account's sim, for the AWS CLI or SDK in a test. */
  simEndpoint: string | null;
  /** The key pair that sim accepts (it verifies every signature); also its admin routes' bearer token. */
  simCredentials: SimKeyPair | null;
  /** The Demo sim's process id, for a test that kills it (browser mode restarts it: this follows). */
  simPid: number | null;
  dataDir: string;
  stop(): Promise<void>;
}

export interface SimKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The key pair of the Demo sim at `endpoint`, started by startWebMode in this process. */
export function simCredentialsFor(endpoint: string): SimKeyPair;

export function startWebMode(options?: {
  seed?: number;
  scenario?: string;
  speed?: number;
  extraArgs?: string[];
  /** Added to this process's environment, e.g. AWS_CONFIG_FILE for a test's own profiles. */
  env?: Record<string, string>;
  /** Files written into the data folder before Wharf starts (name → text), e.g. a damaged settings.json. */
  files?: Record<string, string>;
  /** How long to wait for browser mode's ready line (default 30 s; the large scenario on a loaded machine takes longer). */
  readyTimeoutMs?: number;
}): Promise<WebMode>;
