import { describe, expect, it } from 'vitest';
import { absoluteTimeTitle, isoTime, leftToBrowser, memoByKey, meterWidth } from '../../../src-renderer/models/table/table-cells';

describe('memoByKey', () => {
  it('computes a key once and returns the kept value after', () => {
    let calls = 0;
    const hrefOf = memoByKey((id: string) => `#/tasks/${id}/${++calls}`);
    expect(hrefOf('a')).toBe('#/tasks/a/1');
    expect(hrefOf('a')).toBe('#/tasks/a/1');
    expect(hrefOf('b')).toBe('#/tasks/b/2');
  });

  it('computes again after clear (a new cluster: other links)', () => {
    let calls = 0;
    const f = memoByKey((k: number) => k * 10 + ++calls);
    expect(f(1)).toBe(11);
    f.clear();
    expect(f(1)).toBe(12);
  });

  it('keeps a null result rather than computing it again', () => {
    let calls = 0;
    const f = memoByKey(() => (calls++, null));
    f('x');
    f('x');
    expect(calls).toBe(1);
  });

  it('forgets everything when full, so a long session does not grow it without end', () => {
    let calls = 0;
    const f = memoByKey((k: number) => (calls++, k), 2);
    f(1);
    f(2);
    f(3); // full: forgets 1 and 2, keeps 3
    expect(calls).toBe(3);
    f(3);
    expect(calls).toBe(3);
    f(1);
    expect(calls).toBe(4);
  });
});

describe('age cells', () => {
  it('titles a known time with its absolute time and an unknown one in words', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(absoluteTimeTitle(at)).toMatch(/2026/);
    expect(absoluteTimeTitle(at)).toBe(absoluteTimeTitle(at));
    expect(absoluteTimeTitle(null)).toBe('Unknown time');
    expect(absoluteTimeTitle(undefined)).toBe('Unknown time');
  });

  it('gives <time> an ISO datetime, none when unknown', () => {
    expect(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02T03:04:05.000Z');
    expect(isoTime(null)).toBeUndefined();
  });
});

describe('meterWidth', () => {
  it('is the share used of the total', () => {
    expect(meterWidth(1024, 4096)).toBe('25%');
    expect(meterWidth(1, 3)).toBe('33.3%');
  });

  it('clamps to 0..100% and reads 0% with nothing registered', () => {
    expect(meterWidth(5000, 4096)).toBe('100%');
    expect(meterWidth(-5, 4096)).toBe('0%');
    expect(meterWidth(10, 0)).toBe('0%');
  });
});

describe('leftToBrowser', () => {
  const click = (over: Partial<MouseEvent> = {}) => ({ ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, button: 0, ...over }) as MouseEvent;

  it('leaves a link clicked with a modifier or another button to the browser (new tab, copy)', () => {
    expect(leftToBrowser(click())).toBe(false);
    for (const over of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) expect(leftToBrowser(click(over))).toBe(true);
  });
});
