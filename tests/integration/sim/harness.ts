/** Starts a sim on port 0 and gives SDK clients pointed at it with dummy credentials and no retries. */
import { ECSClient } from '@aws-sdk/client-ecs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startSim, type RunningSim, type SimOptions } from '../../../src-main/sim';

export const START = Date.parse('2026-11-21T12:00:00Z');
export const MINUTE = 60_000;

export interface Harness {
  sim: RunningSim;
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
}

export async function startHarness(options: SimOptions = {}): Promise<Harness> {
  const sim = await startSim({ scenario: 'demo', speed: 0, seed: 5, throttle: false, startTime: START, ...options });
  const config = {
    endpoint: sim.endpoint,
    region: sim.region,
    credentials: sim.credentials,
    maxAttempts: 1,
  };
  return { sim, ecs: followSimClock(new ECSClient(config), sim), logs: followSimClock(new CloudWatchLogsClient(config), sim) };
}

/**
 * A client whose clock is the sim's, as an SDK client's clock is AWS's once it has read a
 * Date header: it signs with the sim's time. The sim answers with its own clock in the Date
 * header and checks signatures against it; a test that jumps the sim clock by an hour would
 * otherwise sign an hour in the past, and with no retries (maxAttempts 1) the SDK never gets
 * to correct its offset from the refusal as it does against AWS.
 */
export function followSimClock<C extends { config: { systemClockOffset?: number } }>(client: C, sim: Pick<RunningSim, 'clock'>): C {
  Object.defineProperty(client.config, 'systemClockOffset', {
    configurable: true,
    get: () => sim.clock.now() - Date.now(),
    // The SDK's own correction from a Date header: the sim's clock already is the answer.
    set: () => undefined,
  });
  return client;
}

export async function stopHarness(h: Harness | undefined): Promise<void> {
  if (!h) return;
  h.ecs.destroy();
  h.logs.destroy();
  await h.sim.close();
}

/**
 * A `/__sim/*` admin route (or the exec agent's `/admin/*` at `base`), as the sim requires it:
 * the sim's secret key as the bearer token and a JSON content type. GET without a body, POST with one.
 */
export function adminFetch(sim: Pick<RunningSim, 'endpoint' | 'credentials'>, path: string, body?: unknown, base = sim.endpoint): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${sim.credentials.secretAccessKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The error an SDK call threw, for asserting its name and message. */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}
