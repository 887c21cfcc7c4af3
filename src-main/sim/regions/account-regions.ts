/**
 * The regions of the simulated account under one clock. The scenario's regions are built up
 * front; any other region is created empty the first time a request is signed for it, and
 * answers as AWS does for an account with nothing there (empty lists, ClusterNotFoundException).
 */
import { Random } from '../engine/random';
import { buildRegion, regionSeed, type RegionSim } from './region-sim';

export interface AccountRegionsOptions {
  accountId: string;
  seed: number;
  /** The region the account was started for: `get()` of an unknown region never replaces it. */
  primary: RegionSim;
  others?: RegionSim[];
  /** The sim clock, epoch ms: a region created later starts at this time. */
  now: () => number;
  /** Called once for each region, the scenario's and any created later (the event source attaches here). */
  onRegion?: (sim: RegionSim) => void;
}

export class AccountRegions {
  readonly primary: RegionSim;
  private readonly regions = new Map<string, RegionSim>();
  private tickEveryMs?: number;

  constructor(private readonly options: AccountRegionsOptions) {
    this.primary = options.primary;
    for (const region of [options.primary, ...(options.others ?? [])]) {
      this.regions.set(region.region, region);
      options.onRegion?.(region);
    }
  }

  /** The region's simulation, created empty on first use. */
  get(region: string): RegionSim {
    let sim = this.regions.get(region);
    if (!sim) {
      const { accountId, seed } = this.options;
      sim = buildRegion({ accountId, region, random: new Random(regionSeed(seed, region)), seed, start: this.options.now(), historyMs: 0, chatty: false });
      this.regions.set(region, sim);
      this.options.onRegion?.(sim);
      if (this.tickEveryMs !== undefined) sim.engine.startTicking(this.options.now, this.tickEveryMs);
    }
    return sim;
  }

  all(): RegionSim[] {
    return [...this.regions.values()];
  }

  /** Moves every region's world to `now` (after a clock jump). */
  runUntil(now: number): void {
    for (const region of this.regions.values()) region.engine.runUntil(now);
  }

  /** Moves every region, including ones created later, along with the clock in real time. */
  startTicking(intervalMs = 250): void {
    this.tickEveryMs = intervalMs;
    for (const region of this.regions.values()) region.engine.startTicking(this.options.now, intervalMs);
  }

  stopTicking(): void {
    this.tickEveryMs = undefined;
    for (const region of this.regions.values()) region.engine.stopTicking();
  }
}
