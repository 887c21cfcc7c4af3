/**
 * One region's Elastic Load Balancing (v2): load balancers, target groups, listeners and listener
 * rules, and the targets ECS registers for a service's tasks. A target's health is a function of
 * time (registered at, health checks passing from, failing from, deregistered at), computed when
 * asked: `initial` while the first health checks run, `healthy`, `unhealthy` for a task that
 * fails them, `draining` for the deregistration delay after the task stops, then gone.
 *
 * ECS drives it through the LoadBalancing port (register, deregister, forward weights); the
 * ELBv2 API (elbv2-service.ts) reads it.
 */
import { createHash } from 'node:crypto';
import type { ForwardWeights, LoadBalancing, TargetRef } from '../seams/ports';

const SECOND = 1000;

export interface LoadBalancerRecord {
  arn: string;
  name: string;
  type: 'application' | 'network';
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  dnsName: string;
  createdAt: number;
  zones: Array<{ zone: string; subnetId: string }>;
  securityGroups: string[];
}

export interface HealthCheck {
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  path?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matcher?: string;
}

export interface TargetGroupRecord {
  arn: string;
  name: string;
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  port: number;
  vpcId: string;
  targetType: 'ip' | 'instance';
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
  targets: Map<string, TargetRecord>;
}

export interface TargetRecord {
  target: TargetRef;
  registeredAt: number;
  /** When its health checks pass (undefined: they never do). */
  healthyAt?: number;
  /** When it started failing them. */
  failingSince?: number;
  deregisteredAt?: number;
}

export interface ForwardAction {
  type: 'forward';
  /** Target groups in order, with their weights. */
  targetGroups: Array<{ targetGroupArn: string; weight: number }>;
}

export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  certificateArn?: string;
  defaultAction: ForwardAction | { type: 'fixed-response'; statusCode: string; contentType: string; messageBody: string };
}

export interface RuleRecord {
  arn: string;
  listenerArn: string;
  /** "1".."50000", or "default" for the listener's default rule (not stored: derived). */
  priority: string;
  conditions: Array<{ field: 'path-pattern' | 'host-header' | 'http-header'; values: string[]; headerName?: string }>;
  action: ForwardAction;
}

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export interface TargetHealthNow {
  target: TargetRef;
  state: TargetHealthState;
  reason?: string;
  description?: string;
}

export class ElbStore implements LoadBalancing {
  readonly loadBalancers = new Map<string, LoadBalancerRecord>();
  readonly targetGroups = new Map<string, TargetGroupRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly rules = new Map<string, RuleRecord>();

  constructor(private readonly opts: { accountId: string; region: string }) {}

  private arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:${this.opts.region}:${this.opts.accountId}:${resource}`;
  }

  // ---- building (scenarios) ----

  createLoadBalancer(spec: { name: string; type?: 'application' | 'network'; scheme?: 'internet-facing' | 'internal'; zones: Array<{ zone: string; subnetId: string }>; createdAt: number; vpcId?: string }): LoadBalancerRecord {
    const type = spec.type ?? 'application';
    const id = stableHex(`lb/${spec.name}`, 16);
    const lb: LoadBalancerRecord = {
      arn: this.arn(`loadbalancer/${type === 'application' ? 'app' : 'net'}/${spec.name}/${id}`),
      name: spec.name,
      type,
      scheme: spec.scheme ?? 'internet-facing',
      vpcId: spec.vpcId ?? 'vpc-0a1b2c3d4e5f60000',
      dnsName: `${spec.scheme === 'internal' ? 'internal-' : ''}${spec.name}-${stableNumber(`dns/${spec.name}`)}.${this.opts.region}.elb.amazonaws.com`,
      createdAt: spec.createdAt,
      zones: spec.zones,
      securityGroups: type === 'application' ? [`sg-0${stableHex(`sg/${spec.name}`, 16)}`] : [],
    };
    this.loadBalancers.set(lb.arn, lb);
    return lb;
  }

  createTargetGroup(spec: { name: string; port: number; protocol?: 'HTTP' | 'HTTPS' | 'TCP'; targetType?: 'ip' | 'instance'; healthCheckPath?: string; vpcId?: string; deregistrationDelaySeconds?: number }): TargetGroupRecord {
    const protocol = spec.protocol ?? 'HTTP';
    const tg: TargetGroupRecord = {
      arn: this.arn(`targetgroup/${spec.name}/${stableHex(`tg/${spec.name}`, 16)}`),
      name: spec.name,
      protocol,
      port: spec.port,
      vpcId: spec.vpcId ?? 'vpc-0a1b2c3d4e5f60000',
      targetType: spec.targetType ?? 'ip',
      healthCheck: {
        protocol: protocol === 'TCP' ? 'TCP' : 'HTTP',
        path: protocol === 'TCP' ? undefined : spec.healthCheckPath ?? '/healthz',
        intervalSeconds: 15,
        timeoutSeconds: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
        matcher: protocol === 'TCP' ? undefined : '200',
      },
      deregistrationDelaySeconds: spec.deregistrationDelaySeconds ?? 60,
      targets: new Map(),
    };
    this.targetGroups.set(tg.arn, tg);
    return tg;
  }

  createListener(loadBalancer: LoadBalancerRecord, spec: { port: number; protocol?: 'HTTP' | 'HTTPS' | 'TCP'; forward?: ForwardWeights }): ListenerRecord {
    const protocol = spec.protocol ?? (loadBalancer.type === 'network' ? 'TCP' : 'HTTP');
    const lbPath = loadBalancer.arn.split(':loadbalancer/')[1];
    const listener: ListenerRecord = {
      arn: this.arn(`listener/${lbPath}/${stableHex(`listener/${loadBalancer.name}/${spec.port}`, 16)}`),
      loadBalancerArn: loadBalancer.arn,
      port: spec.port,
      protocol,
      certificateArn: protocol === 'HTTPS' ? `arn:aws:acm:${this.opts.region}:${this.opts.accountId}:certificate/${stableHex(`cert/${loadBalancer.name}`, 8)}-4c1d-4a5e-9b7f-0a1b2c3d4e5f` : undefined,
      defaultAction: spec.forward
        ? forwardOf(spec.forward)
        : { type: 'fixed-response', statusCode: '404', contentType: 'text/plain', messageBody: 'Not found' },
    };
    this.listeners.set(listener.arn, listener);
    return listener;
  }

  createRule(listener: ListenerRecord, spec: { priority: number; conditions: RuleRecord['conditions']; forward: ForwardWeights }): RuleRecord {
    const listenerPath = listener.arn.split(':listener/')[1];
    const rule: RuleRecord = {
      arn: this.arn(`listener-rule/${listenerPath}/${stableHex(`rule/${listener.arn}/${spec.priority}`, 16)}`),
      listenerArn: listener.arn,
      priority: String(spec.priority),
      conditions: spec.conditions,
      action: forwardOf(spec.forward),
    };
    this.rules.set(rule.arn, rule);
    return rule;
  }

  // ---- reading ----

  /** The load balancers whose listeners forward to the target group, as DescribeTargetGroups lists them. */
  loadBalancersOf(targetGroupArn: string): string[] {
    const arns = new Set<string>();
    for (const listener of this.listeners.values()) {
      const forwards = [listener.defaultAction, ...[...this.rules.values()].filter((r) => r.listenerArn === listener.arn).map((r) => r.action)];
      if (forwards.some((a) => a.type === 'forward' && a.targetGroups.some((t) => t.targetGroupArn === targetGroupArn))) arns.add(listener.loadBalancerArn);
    }
    return [...arns];
  }

  rulesOf(listenerArn: string): RuleRecord[] {
    return [...this.rules.values()].filter((r) => r.listenerArn === listenerArn).sort((a, b) => Number(a.priority) - Number(b.priority));
  }

  /** Every registered target's health at `at` (targets done draining are dropped). */
  targetHealth(targetGroupArn: string, at: number): TargetHealthNow[] {
    const tg = this.targetGroups.get(targetGroupArn);
    if (!tg) return [];
    const inUse = this.loadBalancersOf(targetGroupArn).length > 0;
    const out: TargetHealthNow[] = [];
    for (const [key, record] of tg.targets) {
      const health = healthAt(tg, record, at, inUse);
      if (!health) tg.targets.delete(key);
      else out.push(health);
    }
    return out;
  }

  /** A target that is not registered, as DescribeTargetHealth reports it when asked for by id. */
  static notRegistered(target: TargetRef): TargetHealthNow {
    return { target, state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' };
  }

  // ---- the LoadBalancing port (ECS's side) ----

  hasTargetGroup(arn: string): boolean {
    return this.targetGroups.has(arn);
  }

  hasForwarder(arn: string): boolean {
    return this.rules.has(arn) || this.listeners.has(arn);
  }

  register(targetGroupArn: string, target: TargetRef, at: number, options: { failsHealthChecks?: boolean } = {}): number | undefined {
    const tg = this.targetGroups.get(targetGroupArn);
    if (!tg) return undefined;
    const { intervalSeconds, healthyThreshold, unhealthyThreshold } = tg.healthCheck;
    const record: TargetRecord = { target, registeredAt: at };
    if (options.failsHealthChecks) record.failingSince = at + intervalSeconds * unhealthyThreshold * SECOND;
    else record.healthyAt = at + intervalSeconds * healthyThreshold * SECOND;
    tg.targets.set(targetKey(target), record);
    return record.healthyAt;
  }

  failHealthChecks(targetGroupArn: string, target: TargetRef, at: number): void {
    const record = this.targetGroups.get(targetGroupArn)?.targets.get(targetKey(target));
    if (!record || record.deregisteredAt !== undefined) return;
    const tg = this.targetGroups.get(targetGroupArn)!;
    record.failingSince ??= at + tg.healthCheck.intervalSeconds * tg.healthCheck.unhealthyThreshold * SECOND;
  }

  deregister(targetGroupArn: string, target: TargetRef, at: number): void {
    const record = this.targetGroups.get(targetGroupArn)?.targets.get(targetKey(target));
    if (record && record.deregisteredAt === undefined) record.deregisteredAt = at;
  }

  isHealthy(targetGroupArn: string, target: TargetRef, at: number): boolean {
    const tg = this.targetGroups.get(targetGroupArn);
    const record = tg?.targets.get(targetKey(target));
    return Boolean(tg && record && healthAt(tg, record, at, true)?.state === 'healthy');
  }

  setForwardWeights(forwarderArn: string, weights: ForwardWeights): void {
    const rule = this.rules.get(forwarderArn);
    if (rule) {
      rule.action = forwardOf(weights, rule.action);
      return;
    }
    const listener = this.listeners.get(forwarderArn);
    if (listener) listener.defaultAction = forwardOf(weights, listener.defaultAction.type === 'forward' ? listener.defaultAction : undefined);
  }

  forwardWeights(forwarderArn: string): ForwardWeights | undefined {
    const action = this.rules.get(forwarderArn)?.action ?? this.listeners.get(forwarderArn)?.defaultAction;
    if (!action || action.type !== 'forward') return undefined;
    return Object.fromEntries(action.targetGroups.map((t) => [t.targetGroupArn, t.weight]));
  }
}

/** A forward action with these weights, keeping the order of the target groups it had. */
function forwardOf(weights: ForwardWeights, previous?: ForwardAction): ForwardAction {
  const order = [...(previous?.targetGroups.map((t) => t.targetGroupArn) ?? []), ...Object.keys(weights)];
  const seen = new Set<string>();
  const targetGroups: ForwardAction['targetGroups'] = [];
  for (const arn of order) {
    if (seen.has(arn)) continue;
    seen.add(arn);
    targetGroups.push({ targetGroupArn: arn, weight: weights[arn] ?? previous?.targetGroups.find((t) => t.targetGroupArn === arn)?.weight ?? 0 });
  }
  return { type: 'forward', targetGroups };
}

function healthAt(tg: TargetGroupRecord, record: TargetRecord, at: number, inUse: boolean): TargetHealthNow | undefined {
  const { target } = record;
  if (record.deregisteredAt !== undefined && at >= record.deregisteredAt) {
    if (at >= record.deregisteredAt + tg.deregistrationDelaySeconds * SECOND) return undefined;
    return { target, state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
  }
  if (!inUse) return { target, state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' };
  if (at < record.registeredAt + 5 * SECOND) {
    return { target, state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' };
  }
  if (record.failingSince !== undefined && at >= record.failingSince) {
    return tg.protocol === 'TCP'
      ? { target, state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed' }
      : { target, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' };
  }
  if (record.healthyAt === undefined || at < record.healthyAt) {
    return { target, state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' };
  }
  return { target, state: 'healthy' };
}

export function targetKey(target: TargetRef): string {
  return `${target.id}:${target.port}`;
}

/** Hex ids derived from names, so a scenario's ARNs are the same on every start. */
function stableHex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function stableNumber(text: string): number {
  return 100_000_000 + (createHash('sha256').update(text).digest().readUInt32BE(0) % 900_000_000);
}
