export { formatAge, formatAgeOrDash, formatAbsoluteTime, formatClock } from './age';
export { formatBytes, formatMiB } from './bytes';
export { formatVcpu, CPU_UNITS_PER_VCPU } from './cpu';
export { formatCount, formatCountOrDash, oddCountHint, pluralize } from './count';
export { formatAccountId } from './account';
export { barWidth, shareWidth } from './bar';
