/** requestAnimationFrame deltas and long tasks summed up (runs in Node, on what the page recorded). */
import type { FrameStats } from '../ui-services-bench';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function frameStats(frames: readonly number[], longTasks: readonly number[], cpuMs: number): FrameStats {
  return {
    frames: frames.length,
    p50: percentile(frames, 50),
    p95: percentile(frames, 95),
    max: frames.length ? Math.max(...frames) : NaN,
    dropped: frames.filter((d) => d > 25).length,
    longTasks: longTasks.length,
    longestTask: longTasks.length ? Math.max(...longTasks) : 0,
    cpuMs,
  };
}

