/**
 * One region's EventBridge default event bus: its rules (event patterns), their targets and
 * tags. Custom buses are not simulated. Quotas: docs/aws-quotas.md (EventBridge).
 */
import { parsePattern } from './event-pattern';

export const MAX_RULES_PER_BUS = 300;
export const MAX_TARGETS_PER_RULE = 5;
export const DEFAULT_BUS = 'default';

export interface Target {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
}

export interface Rule {
  name: string;
  arn: string;
  eventPattern?: string;
  /** Parsed once when the rule is put. */
  pattern?: Record<string, unknown>;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
  tags: Record<string, string>;
  targets: Map<string, Target>;
}

/** An event PutEvents accepted, in EventBridge's envelope. */
export interface CustomEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export class EventsStore {
  readonly rules = new Map<string, Rule>();
  /** Deliveries that failed (a target a queue policy does not allow, a queue gone): the FailedInvocations metric. */
  failedInvocations = 0;
  invocations = 0;
  /** Routes a PutEvents event to the rules' targets (set by the region's event source). */
  publish: ((event: CustomEvent) => void) | null = null;

  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}

  ruleArn(name: string): string {
    return `arn:aws:events:${this.region}:${this.accountId}:rule/${name}`;
  }

  busArn(): string {
    return `arn:aws:events:${this.region}:${this.accountId}:event-bus/${DEFAULT_BUS}`;
  }

  /** Creates or updates a rule; tags are set only when the rule is created (as on EventBridge). */
  putRule(input: { name: string; eventPattern?: string; scheduleExpression?: string; state?: 'ENABLED' | 'DISABLED'; description?: string; roleArn?: string; tags?: Record<string, string> }): Rule {
    const pattern = input.eventPattern !== undefined ? parsePattern(input.eventPattern) : undefined;
    const existing = this.rules.get(input.name);
    const rule: Rule = {
      name: input.name,
      arn: this.ruleArn(input.name),
      eventPattern: input.eventPattern,
      pattern,
      scheduleExpression: input.scheduleExpression,
      state: input.state ?? 'ENABLED',
      description: input.description,
      roleArn: input.roleArn,
      tags: existing?.tags ?? { ...(input.tags ?? {}) },
      targets: existing?.targets ?? new Map(),
    };
    this.rules.set(rule.name, rule);
    return rule;
  }

  /** The enabled rules with an event pattern: the ones an event may match. */
  *activeRules(): Iterable<Rule> {
    for (const rule of this.rules.values()) if (rule.state === 'ENABLED' && rule.pattern && rule.targets.size > 0) yield rule;
  }

  hasActiveRules(): boolean {
    for (const rule of this.rules.values()) if (rule.state === 'ENABLED' && rule.pattern && rule.targets.size > 0) return true;
    return false;
  }

  ruleByArn(arn: string): Rule | undefined {
    const prefix = `arn:aws:events:${this.region}:${this.accountId}:rule/`;
    return arn.startsWith(prefix) ? this.rules.get(arn.slice(prefix.length)) : undefined;
  }
}
