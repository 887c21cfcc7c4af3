/** The scenarios the sim can start with. */
import { DEMO_HISTORY_MS, buildDemo, type DemoOptions } from './demo';
import { DEMO_EDGE_REGION, buildDemoEdge } from './demo-edge';
import { buildEksDemo } from './eks-demo';
import { buildEksLarge } from './eks-large';
import { DEFAULT_LARGE_SIZES, buildLarge, type LargeSizes } from './large';
import type { ScenarioEnv } from './builder';

export type ScenarioName = 'demo' | 'large' | 'empty';
export const SCENARIOS: ScenarioName[] = ['demo', 'large', 'empty'];
export type { LargeSizes } from './large';
export type { DemoOptions } from './demo';
export type { ScenarioEnv } from './builder';

export interface ScenarioPlan {
  /** How long before "now" the scenario starts, so the engine can replay its recent history. */
  historyMs: number;
  /** Whether running tasks write periodic log lines. */
  chatty: boolean;
  /** Fills the account's primary region (the one the sim was started for). */
  build(env: ScenarioEnv): void;
  /**
   * The account's other regions with content, by name, each built the same way in a world of
   * its own. A name equal to the primary region is skipped (the primary keeps `build`).
   */
  regions?: Record<string, (env: ScenarioEnv) => void>;
}

export function scenarioPlan(name: ScenarioName, large: Partial<LargeSizes> = {}, demo: DemoOptions = {}): ScenarioPlan {
  switch (name) {
    case 'demo':
      return { historyMs: DEMO_HISTORY_MS, chatty: true, build: (env) => (buildDemo(env, demo), buildEksDemo(env)), regions: { [DEMO_EDGE_REGION]: buildDemoEdge } };
    case 'large':
      return { historyMs: 0, chatty: false, build: (env) => (buildLarge(env, withDefaults(large)), buildEksLarge(env, withDefaults(large))) };
    case 'empty':
      return { historyMs: 0, chatty: false, build: () => {} };
    default:
      throw new Error(`Unknown scenario "${String(name)}": use one of ${SCENARIOS.join(', ')}.`);
  }
}

/** Unset sizes (absent or `undefined`, as the CLI passes them) fall back to the defaults. */
export function withDefaults(large: Partial<LargeSizes>): LargeSizes {
  const sizes = { ...DEFAULT_LARGE_SIZES };
  for (const key of Object.keys(sizes) as Array<keyof LargeSizes>) {
    const value = large[key];
    if (typeof value === 'number' && Number.isFinite(value)) sizes[key] = value;
  }
  return sizes;
}
