/**
 * CloudWatch metrics of the world as deterministic functions of time (seeded), so a week of
 * history exists without storing a point: service CPUUtilization / MemoryUtilization in AWS/ECS
 * and CapacityProviderReservation in AWS/ECS/ManagedScaling.
 */
import type { MetricSink } from '../seams/ports';
import type { CapacityProviderRecord, ServiceRecord } from '../world/types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A stable pseudo-random value in [0, 1) for (seed, key, bucket). */
function noise(seed: number, key: number, bucket: number): number {
  let h = (seed ^ Math.imul(key, 0x9e3779b1) ^ Math.imul(bucket, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function keyOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A daily rhythm plus minute-level jitter, clamped to a percentage. */
function wave(seed: number, key: number, base: number, amplitude: number, t: number): number {
  const phase = noise(seed, key, 0) * 2 * Math.PI;
  const daily = Math.sin((2 * Math.PI * (t % DAY)) / DAY + phase);
  const jitter = noise(seed, key, Math.floor(t / MINUTE)) - 0.5;
  return Math.min(100, Math.max(0, base + amplitude * daily + amplitude * 0.6 * jitter));
}

export function defineServiceMetrics(metrics: MetricSink, seed: number, service: ServiceRecord): void {
  const key = keyOf(service.arn);
  const dimensions = { ClusterName: service.clusterName, ServiceName: service.name };
  const cpuBase = 12 + noise(seed, key, 1) * 45;
  const memBase = 25 + noise(seed, key, 2) * 45;
  const crashing = Boolean(service.behaviour.crashAfterMs);
  const since = service.createdAt;
  metrics.defineSeries('AWS/ECS', 'CPUUtilization', dimensions, (t) =>
    t < since || service.desiredCount === 0 ? null : wave(seed, key, cpuBase, cpuBase * 0.4, t),
  );
  metrics.defineSeries('AWS/ECS', 'MemoryUtilization', dimensions, (t) => {
    if (t < since || service.desiredCount === 0) return null;
    // A leaking, crash-looping process: memory climbs until the next crash.
    if (crashing) return Math.min(99, 40 + ((t % (3 * MINUTE)) / (3 * MINUTE)) * 58);
    return wave(seed, key + 1, memBase, 6, t);
  });
}

export function defineCapacityMetrics(metrics: MetricSink, seed: number, provider: CapacityProviderRecord): void {
  const key = keyOf(provider.arn);
  const target = provider.managedScaling.targetCapacity;
  metrics.defineSeries(
    'AWS/ECS/ManagedScaling',
    'CapacityProviderReservation',
    { ClusterName: provider.clusterName, CapacityProviderName: provider.name },
    (t) => {
      const burst = noise(seed, key, Math.floor(t / (45 * MINUTE))) > 0.85 ? 25 : 0;
      return Math.round(wave(seed, key, target - 8, 10, t) + burst);
    },
  );
}
