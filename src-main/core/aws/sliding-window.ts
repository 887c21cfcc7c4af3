/**
 * A count of events in the last `windowMs`, in one-second slots: cheap to add to on every
 * request, exact to within a second, and memory that does not grow with traffic.
 */
export class SlidingWindowCounter {
  private readonly slots: number[];
  private readonly slotStamps: number[];

  constructor(
    private readonly windowMs = 60_000,
    private readonly slotMs = 1000,
  ) {
    const n = Math.ceil(windowMs / slotMs);
    this.slots = new Array<number>(n).fill(0);
    this.slotStamps = new Array<number>(n).fill(-1);
  }

  add(now: number, amount = 1): void {
    const slot = Math.floor(now / this.slotMs);
    const i = slot % this.slots.length;
    if (this.slotStamps[i] !== slot) {
      this.slotStamps[i] = slot;
      this.slots[i] = 0;
    }
    this.slots[i] += amount;
  }

  count(now: number): number {
    const newest = Math.floor(now / this.slotMs);
    const oldest = newest - this.slots.length + 1;
    let total = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const stamp = this.slotStamps[i];
      if (stamp >= oldest && stamp <= newest) total += this.slots[i];
    }
    return total;
  }
}
