import type { UpdateInfo } from '../contract/domains/app';

/** What an entry point (Electron shell, browser mode, a test) hands to core. */
export interface DemoAccount {
  /** The sim's endpoint, e.g. http://127.0.0.1:4566 */
  endpoint: string;
  scenario: string;
  region: string;
  /**
   * The key pair the sim made for this launch. Core signs the Demo profile's requests with it
   * and gives it to nothing else: not to the renderer, not to logs, settings or the audit log.
   */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface CoreOptions {
  version: string;
  /** The git commit of the build (the entry points pass it; default "unknown"). */
  commit?: string;
  /** Whether the shell looks for updates (the Electron shell knows; default off). */
  updates?: UpdateInfo;
  transport: 'electron' | 'web';
  /** Where settings and the audit log live. */
  dataDir: string;
  /** The Demo account served by the embedded sim, when one was started. */
  demo: DemoAccount | null;
  /** The environment to read AWS_* variables from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Open the default profile and start polling as core starts (the app's entry points, which
   * bring a window), rather than waiting for the renderer to ask. Tests leave it off to
   * control when sessions open and calls begin.
   */
  openDefaultSession?: boolean;
  /** Live events' timings (tests and benchmarks shorten them; the app keeps the defaults). */
  live?: {
    reconcileMs?: number;
    healthEveryMs?: number;
    confirmEveryMs?: number;
    waitSeconds?: number;
    failuresBeforeGap?: number;
    missedGraceMs?: number;
    heartbeatEveryMs?: number;
    heartbeatRecheckSeconds?: number;
    heartbeatLostAfterMs?: number;
  };
  /** Epoch ms for the deployments domain's times (tests pass the sim's clock; default Date.now). */
  now?: () => number;
  /** History's knobs (tests: the sim's clock, a faster flush). */
  history?: { now?: () => number; flushMs?: number; compactMs?: number; workerScript?: string };
}
