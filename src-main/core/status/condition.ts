import type { DemoSimState, StatusCondition } from '../../contract/domains/status';
import type { Trouble } from '../aws/api-monitor';
import { named } from '../aws/credential-errors';

export interface ConditionSession {
  profile: string;
  demo: boolean;
  /** The fix for this profile's kind (an SSO login only for SSO profiles). */
  credentialsFix: string;
  endpoint: string | null;
}

/** Once the Demo sim runs again, its restart is told for this long. */
export const DEMO_RESTART_TOLD_MS = 120_000;

/**
 * Why the data on screen may be old, in a sentence with the fix, from the latest trouble of
 * the last minute: the cause that is true now (a storm of throttles is "throttled", not the
 * 5xx of minutes before), with this profile's fix (no `aws sso login` for a non-SSO profile,
 * names with spaces quoted). The Demo account's sim stopping is said as such, never as "check
 * the network or VPN". Null when nothing went wrong lately.
 */
export function conditionOf(trouble: Trouble | null, session: ConditionSession | null, demoSim: DemoSimState | null, now = Date.now()): StatusCondition | null {
  if (session?.demo && demoSim && (demoSim.state !== 'running' || now - demoSim.at < DEMO_RESTART_TOLD_MS)) {
    return {
      kind: 'demo-sim',
      message: demoSim.message,
      fix: demoSim.state === 'down' ? 'Restart Wharf to start the Demo account again.' : demoSim.state === 'restarting' ? 'Nothing to do: Wharf is starting it again.' : null,
      count: demoSim.restarts,
      recovered: demoSim.state === 'running',
    };
  }
  if (!trouble) return null;
  const who = session ? `profile ${named(session.profile)}` : 'this profile';
  const base = { count: trouble.count, recovered: trouble.recovered };
  const times = trouble.count === 1 ? 'once' : `${trouble.count} times`;
  switch (trouble.kind) {
    case 'throttled':
      return {
        kind: 'throttled',
        message: `AWS is throttling this account's requests (${times} in the last minute).`,
        fix: 'Nothing to do: Wharf backs off and catches up by itself; lower the API budget in Settings if it lasts.',
        ...base,
      };
    case 'credentials':
      return {
        kind: 'credentials',
        message: `The credentials of ${who} have expired or were refused, so Wharf cannot refresh.`,
        fix: session?.credentialsFix ?? null,
        ...base,
      };
    case 'access-denied':
      return { kind: 'access-denied', message: `The role of ${who} may not read this (${firstClause(trouble.message)}).`, fix: 'Grant ecs:List*/Describe* to the role, or open a profile that has them.', ...base };
    case 'unreachable':
      return session?.demo
        ? { kind: 'unreachable', message: "The Demo account's simulator does not answer.", fix: 'Wharf restarts it when it stops; restart Wharf if this lasts.', ...base }
        : {
            kind: 'unreachable',
            message: `Wharf cannot reach ${session?.endpoint ? `the endpoint ${session.endpoint}` : 'AWS'}.`,
            fix: session?.endpoint ? 'Check that the endpoint is up; Wharf retries by itself.' : 'Check the network or VPN; Wharf retries by itself.',
            ...base,
          };
    case 'server':
      return {
        kind: 'server',
        message: `AWS answered with server errors (${times} in the last minute).`,
        fix: 'Nothing to do: Wharf retries by itself and keeps the last data on screen.',
        ...base,
      };
    default:
      return { kind: 'other', message: `The last refresh failed: ${firstClause(trouble.message)}.`, fix: 'Wharf retries by itself and keeps the last data on screen.', ...base };
  }
}

function firstClause(text: string): string {
  return text.split('\n')[0]!.replace(/[.\s]+$/, '').slice(0, 200);
}
