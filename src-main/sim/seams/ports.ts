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
