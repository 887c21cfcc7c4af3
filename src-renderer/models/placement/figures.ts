import { CPU_UNITS_PER_VCPU } from '../../format';

/**
 * Reserved-against-registered figures as the map and tables print them: "1.5 / 4 vCPU",
 * "3.2 / 15.1 GiB". One decimal at most, the unit once, at the end.
 */

function oneDecimal(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

function twoDecimals(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function vcpuPair(reservedUnits: number, registeredUnits: number): string {
  return `${twoDecimals(reservedUnits / CPU_UNITS_PER_VCPU)} / ${twoDecimals(registeredUnits / CPU_UNITS_PER_VCPU)} vCPU`;
}

export function gibPair(reservedMiB: number, registeredMiB: number): string {
  return `${oneDecimal(reservedMiB / 1024)} / ${oneDecimal(registeredMiB / 1024)} GiB`;
}

export function vcpu(units: number): string {
  return `${twoDecimals(units / CPU_UNITS_PER_VCPU)} vCPU`;
}

export function gib(mib: number): string {
  return `${oneDecimal(mib / 1024)} GiB`;
}

/** Share of registered that is reserved, 0..1 (0 when nothing is registered). */
export function share(reserved: number, registered: number): number {
  return registered > 0 ? Math.min(1, Math.max(0, reserved / registered)) : 0;
}
