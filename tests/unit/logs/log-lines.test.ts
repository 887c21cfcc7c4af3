import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src-main/core/logs/log-cursor';
import { keepNewest, mergeByTime, toLines } from '../../../src-main/core/logs/log-lines';
import { sinceOf } from '../../../src-main/core/logs/log-reader';
import type { ReadableLogSource } from '../../../src-main/contract/domains/logs';

const source = (container: string): ReadableLogSource => ({ readable: true, container, taskId: 't1', driver: 'awslogs', group: 'g', region: 'r', stream: `ecs/${container}/t1` });

describe('log lines', () => {
  it('labels, strips the trailing newline and gives ids unique within equal timestamps', () => {
    const lines = toLines(source('app'), [{ timestamp: 5, message: 'a\n' }, { timestamp: 5, message: 'b' }, { timestamp: 6, message: 'c' }]);
    expect(lines.map((l) => l.message)).toEqual(['a', 'b', 'c']);
    expect(new Set(lines.map((l) => l.id)).size).toBe(3);
    expect(lines[0]).toMatchObject({ container: 'app', taskId: 't1' });
  });

  it('merges streams by time and keeps the newest', () => {
    const a = toLines(source('a'), [{ timestamp: 1, message: 'a1' }, { timestamp: 4, message: 'a4' }]);
    const b = toLines(source('b'), [{ timestamp: 2, message: 'b2' }, { timestamp: 3, message: 'b3' }]);
    const merged = mergeByTime([a, b]);
    expect(merged.map((l) => l.message)).toEqual(['a1', 'b2', 'b3', 'a4']);
    expect(keepNewest(merged, 2)).toEqual({ lines: merged.slice(2), truncated: true });
  });

  it('remembers the last timestamp and the ids at it, so a follow neither skips nor repeats', () => {
    const lines = toLines(source('a'), [{ timestamp: 1, message: 'x', eventId: 'e1' }, { timestamp: 9, message: 'y', eventId: 'e2' }, { timestamp: 9, message: 'z', eventId: 'e3' }]);
    expect(sinceOf(lines, { since: 0, seen: [] })).toEqual({ since: 9, seen: ['e2', 'e3'] });
    expect(sinceOf([], { since: 9, seen: ['e2'] })).toEqual({ since: 9, seen: ['e2'] });
  });

  it('round-trips a cursor and refuses a forged one', () => {
    const raw = encodeCursor({ tokens: { 'r|g|s': 'f/1' }, since: 5, seen: ['a'] });
    expect(decodeCursor(raw)).toEqual({ v: 1, tokens: { 'r|g|s': 'f/1' }, since: 5, seen: ['a'] });
    expect(() => decodeCursor('not json')).toThrow(/follow position/);
    expect(() => decodeCursor(JSON.stringify({ v: 1, tokens: {}, since: -1, seen: [] }))).toThrow();
  });
});
