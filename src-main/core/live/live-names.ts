/**
 * The names, tags and queue policy of what Wharf creates for live events, so a person who
 * finds them in the console knows what they are and whose they are.
 */
export interface LiveNames {
  rule: string;
  queue: string;
  targetId: string;
}

/** The pattern of every ECS event (the EventBridge reference: source aws.ecs). */
export const ECS_EVENT_PATTERN = { source: ['aws.ecs'] } as const;

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

/** Whether an event pattern (JSON text) is exactly "every ECS event". */
export function isAllEcsPattern(text: string | undefined): boolean {
  if (!text) return false;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(parsed);
    const source = parsed.source;
    return keys.length === 1 && Array.isArray(source) && source.length === 1 && source[0] === 'aws.ecs';
  } catch {
    return false;
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
