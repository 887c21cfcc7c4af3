import type { DemoSimState } from '../../contract/domains/status';
import type { SessionManager } from '../session/session-manager';
import type { StatusService } from './status-service';

/**
 * The words and the steps when the Demo account's sim dies and the entry point (browser mode,
 * the Electron shell) starts it again: the status bar and the stale banners say the sim stopped
 * and is restarting, then that it was restarted (its world starts afresh), never "check the
 * network or VPN"; the Demo session is reopened on the new endpoint and key pair.
 */
export interface DemoSimReporter {
  stopped(how: string, restarts: number): void;
  restarted(sim: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } }, restarts: number): void;
  gaveUp(error: Error, attempts: number): void;
}

export function demoSimReporter(deps: { status: Pick<StatusService, 'setDemoSim'>; sessions: Pick<SessionManager, 'replaceDemo'>; now?: () => number }): DemoSimReporter {
  const now = deps.now ?? Date.now;
  const set = (state: DemoSimState['state'], message: string, restarts: number) => deps.status.setDemoSim({ state, message, at: now(), restarts });
  return {
    stopped: (how, restarts) => set('restarting', `The Demo account's simulator stopped (${how}); Wharf is starting it again.`, restarts),
    restarted: (sim, restarts) => {
      void deps.sessions.replaceDemo(sim).finally(() => {
        const at = new Date(now()).toLocaleTimeString('en-GB', { hour12: false });
        set('running', `The Demo account's simulator stopped and Wharf restarted it at ${at}; its world started afresh.`, restarts);
      });
    },
    gaveUp: (error, attempts) => set('down', `The Demo account's simulator stopped and did not start again after ${attempts} tries: ${error.message.split('\n')[0]}`, attempts),
  };
}
