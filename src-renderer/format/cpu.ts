/** CPU as ECS counts it: 1,024 CPU units are one vCPU. */

export const CPU_UNITS_PER_VCPU = 1024;

/** 256 → "0.25 vCPU", 1024 → "1 vCPU", 1536 → "1.5 vCPU", 10 → "0.01 vCPU". */
export function formatVcpu(cpuUnits: number): string {
  if (!Number.isFinite(cpuUnits) || cpuUnits < 0) return '—';
  const vcpu = cpuUnits / CPU_UNITS_PER_VCPU;
  // Two decimals cover Fargate's smallest size (0.25); trailing zeros say nothing.
  const text = vcpu >= 100 ? String(Math.round(vcpu)) : String(Math.round(vcpu * 100) / 100);
  return `${text} vCPU`;
}
