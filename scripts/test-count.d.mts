// Types of test-count.mjs (plain JavaScript: `npm test` runs before anything is compiled).
export interface StepResult {
  name: string;
  kind: 'check' | 'vitest' | 'e2e';
  status: 'ok' | 'failed' | 'not run';
  why?: string;
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  notes: string[];
  line: string;
}

export function summarize(input: { steps: StepResult[]; vitest?: unknown; e2e?: unknown; e2eListed?: number | null }): Summary;
export function countListedE2e(listJson: unknown): number | null;
