/**
 * Paces the background sweep's calls in real time: bursts of up to `burst` calls, then
 * `perSecond` on average. Wharf's token buckets are FIFO and shared, so an unpaced sweep of a
 * large cluster would queue hundreds of calls ahead of the focused cluster's refresh.
 */
export class Pacer {
  private tokens: number;
  private last = performance.now();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Resolves when the next call may go; callers are served in order. */
  take(): Promise<void> {
    const turn = this.chain.then(() => this.wait());
    this.chain = turn;
    return turn;
  }

  private async wait(): Promise<void> {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      const ms = ((1 - this.tokens) / this.perSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, ms).unref?.());
      this.tokens = 1;
      this.last = performance.now();
    }
    this.tokens -= 1;
  }
}
