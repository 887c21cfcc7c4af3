import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../../src-main/core/inventory/pacer';

describe('Pacer (the background sweep\'s budget)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('lets a burst through, then one call per second, in order', async () => {
    const pacer = new Pacer(1, 3);
    const done: number[] = [];
    for (let i = 0; i < 5; i++) void pacer.take().then(() => done.push(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual([0, 1, 2, 3]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });
});
