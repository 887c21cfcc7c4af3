/**
 * What the ECS world needs from the sim's other services, as narrow interfaces. The concrete
 * classes (sim/ecr, sim/logs, sim/cloudwatch, sim/exec-agent) are wired in sim/index.ts; the
 * engine and the ECS handlers only see these ports, so they can be tested with fakes.
 */
export type ImageResolution =
  /** `pullMs`: a large image that takes this long to pull (otherwise a few seconds). */
  | { kind: 'ecr'; ok: true; digest: string; pullMs?: number }
  | { kind: 'ecr'; ok: false; reason: string }
  | { kind: 'external' };

export interface ImageRegistry {
  resolveImage(imageUri: string): ImageResolution;
  recordPull(imageUri: string, at: Date): void;
}

export interface LogSink {
  ensureGroup(name: string, createdAt: Date): void;
  putEvents(group: string, stream: string, events: Array<{ timestamp: number; message: string }>): void;
}

export interface MetricSink {
  defineSeries(namespace: string, metricName: string, dimensions: Record<string, string>, valueAt: (epochMs: number) => number | null): void;
}

export interface ExecSessions {
  createSession(i: { clusterArn: string; taskArn: string; containerName: string; runtimeId: string; command: string; kmsKeyId?: string }): {
    sessionId: string;
    streamUrl: string;
    tokenValue: string;
  };
}

/** Ports that do nothing, for unit tests and for a world without telemetry. */
export const nullLogSink: LogSink = { ensureGroup() {}, putEvents() {} };
export const externalOnlyRegistry: ImageRegistry = { resolveImage: () => ({ kind: 'external' }), recordPull() {} };

/** A load balancer target: an IP (awsvpc) or an instance id, with its port. */
export interface TargetRef {
  id: string;
  port: number;
  availabilityZone?: string;
}

/** Forward weights of a listener rule (ALB) or listener (NLB), by target group ARN. */
export type ForwardWeights = Record<string, number>;

/**
 * What ECS does to Elastic Load Balancing on the service's behalf: register a task's target
 * when it runs, deregister it (draining) when it stops, and move the forward weights of the
 * production and test listener rules during a blue/green, linear or canary deployment.
 */
export interface LoadBalancing {
  hasTargetGroup(arn: string): boolean;
  /** A listener rule ARN, or a listener ARN (NLB: its default action). */
  hasForwarder(arn: string): boolean;
  /** Registers a target; returns the sim time its health checks pass (or undefined when they never will). */
  register(targetGroupArn: string, target: TargetRef, at: number, options?: { failsHealthChecks?: boolean }): number | undefined;
  /** A running target starts failing its health checks (its task is crash-looping or a bad release). */
  failHealthChecks(targetGroupArn: string, target: TargetRef, at: number): void;
  deregister(targetGroupArn: string, target: TargetRef, at: number): void;
  /** Whether the target is registered and passing its health checks at `at`. */
  isHealthy(targetGroupArn: string, target: TargetRef, at: number): boolean;
  setForwardWeights(forwarderArn: string, weights: ForwardWeights): void;
  forwardWeights(forwarderArn: string): ForwardWeights | undefined;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** CloudWatch alarms as a deployment watches them. */
export interface AlarmStates {
  stateOf(alarmName: string): AlarmState | undefined;
  setState(alarmName: string, state: AlarmState, reason: string, at: number): void;
}

export const nullLoadBalancing: LoadBalancing = {
  hasTargetGroup: () => false,
  hasForwarder: () => false,
  register: () => undefined,
  failHealthChecks() {},
  deregister() {},
  isHealthy: () => false,
  setForwardWeights() {},
  forwardWeights: () => undefined,
};
export const nullAlarms: AlarmStates = { stateOf: () => undefined, setState() {} };
