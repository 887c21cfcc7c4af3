/**
 * The names, tags and queue policy of what Wharf creates for live events, so a person who
 * finds them in the console knows what they are and whose they are.
 */
export interface LiveNames {
  rule: string;
  queue: string;
  targetId: string;
}

/**
 * Wharf's heartbeat: a custom event Wharf sends itself through its rule every minute (PutEvents;
 * a custom source, since `aws.*` sources are AWS's own), proving the whole route from the bus
 * to the queue to Wharf still carries events. See docs/live-events.md (Gaps).
 */
export const HEARTBEAT_SOURCE = 'wharf.live';
export const HEARTBEAT_DETAIL_TYPE = 'Wharf Live Heartbeat';

/** The pattern of Wharf's rule: every ECS event (source aws.ecs) and Wharf's heartbeats. */
export const ECS_EVENT_PATTERN = { source: ['aws.ecs', HEARTBEAT_SOURCE] } as const;

export function liveNames(installId: string): LiveNames {
  return { rule: 'wharf-live-ecs-events', queue: `wharf-live-ecs-events-${installId}`, targetId: `wharf-${installId}` };
}

export function liveTags(installId: string, profile: string): Record<string, string> {
  return {
    'wharf:purpose': 'live-events',
    'wharf:install': installId,
    'wharf:profile': profile.slice(0, 256),
    'wharf:about': 'ECS events for the Wharf dashboard; remove them from Wharf (Settings, Live events)',
  };
}

/** Only EventBridge, and only on behalf of this rule, may send to the queue. */
export function queuePolicy(queueArn: string, ruleArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'wharf-live-events',
    Statement: [
      {
        Sid: 'OnlyWharfsEcsEventsRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
    ],
  });
}

/** One day: events older than that are no use to a dashboard (reconciliation covers them). */
export const QUEUE_ATTRIBUTES = {
  MessageRetentionPeriod: '86400',
  SqsManagedSseEnabled: 'true',
  ReceiveMessageWaitTimeSeconds: '20',
  VisibilityTimeout: '60',
} as const;

/**
 * Whether an event pattern (JSON text) is exactly "every ECS event", with or without Wharf's
 * heartbeats (a rule set up before heartbeats existed has `aws.ecs` alone).
 */
export function isAllEcsPattern(text: string | undefined): boolean {
  const sources = sourcesOf(text);
  return sources !== null && sources.includes('aws.ecs') && sources.every((s) => s === 'aws.ecs' || s === HEARTBEAT_SOURCE);
}

/** Whether a rule's pattern also sends Wharf's heartbeats (set up or set up again since they exist). */
export function routesHeartbeats(text: string | undefined): boolean {
  return isAllEcsPattern(text) && (sourcesOf(text) ?? []).includes(HEARTBEAT_SOURCE);
}

function sourcesOf(text: string | undefined): string[] | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const source = parsed.source;
    if (Object.keys(parsed).length !== 1 || !Array.isArray(source) || source.some((s) => typeof s !== 'string')) return null;
    return source as string[];
  } catch {
    return null;
  }
}

/** `arn:aws:sqs:us-east-1:123456789012:name` -> its parts. */
export function parseQueueArn(arn: string): { region: string; accountId: string; name: string } | null {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[2] !== 'sqs') return null;
  return { region: parts[3], accountId: parts[4], name: parts[5] };
}

export function ruleNameOf(ruleArn: string): string {
  return ruleArn.slice(ruleArn.lastIndexOf('/') + 1);
}
