/**
 * Sizes with units. ECS reports task and instance memory in MiB and ECR image sizes in bytes,
 * so both entry points exist; output uses binary units (KiB, MiB, GiB, TiB) as the ECS console
 * does, with one decimal below 10 and none above.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${roundForDisplay(value, unit === 0)} ${UNITS[unit]}`;
}

/** Memory as ECS states it (MiB): 512 → "512 MiB", 2048 → "2 GiB", 3584 → "3.5 GiB". */
export function formatMiB(mib: number): string {
  if (!Number.isFinite(mib) || mib < 0) return '—';
  return formatBytes(mib * 1024 * 1024);
}

function roundForDisplay(value: number, whole: boolean): string {
  if (whole || value >= 10) return String(Math.round(value));
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
