import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatAccountId, formatAge, formatAgeOrDash, formatBytes, formatCount, formatMiB, formatVcpu, pluralize } from '../../../src-renderer/format';

const now = Date.UTC(2025, 5, 1, 12, 0, 0);

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [12_000, '12s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3 * 60_000 + 59_000, '3m'],
    [60 * 60_000, '1h'],
    [2 * 3_600_000 + 59 * 60_000, '2h'],
    [24 * 3_600_000, '1d'],
    [4 * 86_400_000 + 3_600_000, '4d'],
    [400 * 86_400_000, '400d'],
  ])('%i ms ago reads %s', (ago, text) => {
    expect(formatAge(now - ago, now)).toBe(text);
  });

  it('reads a time in the future (clock skew) as 0s, never negative', () => {
    expect(formatAge(now + 5_000, now)).toBe('0s');
  });

  it('shows a dash for an unknown time', () => {
    expect(formatAgeOrDash(null, now)).toBe('—');
    expect(formatAgeOrDash(undefined, now)).toBe('—');
    expect(formatAgeOrDash(now - 3_000, now)).toBe('3s');
  });
});

describe('formatAbsoluteTime', () => {
  it('writes the time in the given zone with the zone named', () => {
    expect(formatAbsoluteTime(now, { timeZone: 'UTC' })).toBe('01 Jun 2025, 12:00:00 UTC');
    expect(formatAbsoluteTime(now, { timeZone: 'Europe/Paris' })).toBe('01 Jun 2025, 14:00:00 CEST');
  });
});

describe('formatBytes and formatMiB', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [50 * 1024 * 1024, '50 MiB'],
    [123_456_789, '118 MiB'],
    [3.5 * 1024 ** 3, '3.5 GiB'],
    [2 * 1024 ** 4, '2 TiB'],
  ])('%i bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('reads ECS memory in MiB', () => {
    expect(formatMiB(512)).toBe('512 MiB');
    expect(formatMiB(2048)).toBe('2 GiB');
    expect(formatMiB(3584)).toBe('3.5 GiB');
    expect(formatMiB(15_576)).toBe('15 GiB');
  });

  it('shows a dash for nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatMiB(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatVcpu', () => {
  it.each([
    [256, '0.25 vCPU'],
    [512, '0.5 vCPU'],
    [1024, '1 vCPU'],
    [1536, '1.5 vCPU'],
    [10, '0.01 vCPU'],
    [16_384, '16 vCPU'],
    [0, '0 vCPU'],
  ])('%i CPU units read %s', (units, text) => {
    expect(formatVcpu(units)).toBe(text);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(12_000)).toBe('12,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('pluralizes with the grouped count', () => {
    expect(pluralize(1, 'service')).toBe('1 service');
    expect(pluralize(2_000, 'service')).toBe('2,000 services');
    expect(pluralize(0, 'task')).toBe('0 tasks');
  });
});

describe('formatAccountId', () => {
  it('groups a 12-digit account id in fours and leaves anything else alone', () => {
    expect(formatAccountId('123456789012')).toBe('1234 5678 9012');
    expect(formatAccountId('000000000000')).toBe('0000 0000 0000');
    expect(formatAccountId('unknown')).toBe('unknown');
  });
});
