/**
 * The sim clock. It runs at `speed` times real time (60 = a minute per second; 0 = frozen) and
 * can be jumped ahead by `advance(ms)`, which tests use to move the world deterministically.
 * Listeners (the engine) are told after every jump so the world catches up before the next call.
 */
export class SimClock {
  private baseSim: number;
  private baseWall: number;
  private readonly listeners: Array<(now: number) => void> = [];

  constructor(
    start: number,
    private speedFactor: number,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.baseSim = start;
    this.baseWall = wallNow();
  }

  /** Sim time, epoch ms. */
  now(): number {
    return this.baseSim + (this.wallNow() - this.baseWall) * this.speedFactor;
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.speedFactor = speed;
  }

  /** Jumps the sim clock ahead and lets the world catch up at once. */
  advance(ms: number): void {
    this.rebase();
    this.baseSim += ms;
    const now = this.now();
    for (const listener of this.listeners) listener(now);
  }

  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }

  private rebase(): void {
    const wall = this.wallNow();
    this.baseSim += (wall - this.baseWall) * this.speedFactor;
    this.baseWall = wall;
  }
}
