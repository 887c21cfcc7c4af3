/**
 * `npm test`'s closing count (scripts/test-count.mjs): "0 failed" only when every step
 * succeeded; a file that did not load, a step that crashed, e2e tests that never ran and a
 * failed check each count, and each is said in words.
 */
import { describe, expect, it } from 'vitest';
import { countListedE2e, summarize, type StepResult } from '../../../scripts/test-count.mjs';

const checks = (failed: string[] = []): StepResult[] =>
  ['typecheck main', 'typecheck renderer', 'typecheck e2e', 'lint', 'build'].map((name) => ({ name, kind: 'check', status: failed.includes(name) ? 'failed' : 'ok' }));
const step = (kind: 'vitest' | 'e2e', status: StepResult['status'] = 'ok', why?: string): StepResult => ({ name: kind, kind, status, ...(why ? { why } : {}) });

// Shapes as vitest 4's JSON reporter writes them (seen with a file that cannot import, a
// beforeAll that throws, a failing test beside skipped and todo ones).
const file = (name: string, status: 'passed' | 'failed', tests: string[], message = '') => ({
  name: `/work/wharf/tests/${name}`,
  status,
  message,
  assertionResults: tests.map((s, i) => ({ title: `t${i}`, status: s })),
});
const vitestReport = (...files: ReturnType<typeof file>[]) => ({ success: files.every((f) => f.status === 'passed'), testResults: files });
const e2eReport = (stats: { expected: number; unexpected?: number; flaky?: number; skipped?: number }, errors: Array<{ message: string }> = []) => ({
  stats: { unexpected: 0, flaky: 0, skipped: 0, ...stats },
  errors,
  suites: [],
});

describe('npm test\'s closing count', () => {
  it('all green: the sum of both reports, nothing else said', () => {
    const s = summarize({
      steps: [...checks(), step('vitest'), step('e2e')],
      vitest: vitestReport(file('unit/a.test.ts', 'passed', ['passed', 'passed']), file('unit/b.test.ts', 'passed', ['passed'])),
      e2e: e2eReport({ expected: 37 }),
    });
    expect(s).toMatchObject({ passed: 40, failed: 0, skipped: 0, line: '40 passed, 0 failed' });
    expect(s.notes).toEqual([]);
  });

  it('a test file that fails to load counts as failed, and is named', () => {
    const s = summarize({
      steps: [...checks(), step('vitest', 'failed'), step('e2e')],
      vitest: vitestReport(file('unit/a.test.ts', 'passed', ['passed', 'passed']), file('contract/aws-cli.test.ts', 'failed', [], '/usr/bin/aws is missing')),
      e2e: e2eReport({ expected: 37 }),
    });
    expect(s.line).toBe('39 passed, 1 failed');
    expect(s.notes).toEqual([expect.stringContaining('1 test file failed outside its tests (did not load, or a hook threw), each counted as 1 failed: tests/contract/aws-cli.test.ts')]);
  });

  it('a beforeAll that throws: the file counts as failed, its tests as skipped', () => {
    const s = summarize({ steps: [step('vitest', 'failed')], vitest: vitestReport(file('integration/x.test.ts', 'failed', ['skipped', 'skipped'], 'hook')) });
    expect(s.line).toBe('0 passed, 1 failed, 2 skipped');
  });

  it('failed tests count one each; a file with a failed test is not counted again', () => {
    const s = summarize({
      steps: [step('vitest', 'failed')],
      vitest: vitestReport(file('unit/c.test.ts', 'failed', ['passed', 'failed', 'skipped', 'todo'], 'after'), file('unit/d.test.ts', 'failed', ['failed', 'failed'])),
    });
    expect(s.line).toBe('1 passed, 3 failed, 2 skipped');
    // Each failed test is named, so a log that keeps only its tail still says which.
    expect(s.notes).toEqual(['vitest: 3 tests failed', '  ✗ tests/unit/c.test.ts › t1', '  ✗ tests/unit/d.test.ts › t0', '  ✗ tests/unit/d.test.ts › t1']);
  });

  it('a vitest run that failed with every test passed (an unhandled error) counts 1', () => {
    const s = summarize({ steps: [step('vitest', 'failed')], vitest: vitestReport(file('unit/d.test.ts', 'passed', ['passed', 'passed'])) });
    expect(s.line).toBe('2 passed, 1 failed');
    expect(s.notes[0]).toMatch(/no failed test in its report/);
  });

  it('a vitest that crashed without a report counts 1; one that was not run counts 1', () => {
    expect(summarize({ steps: [step('vitest', 'failed')], vitest: null }).line).toBe('0 passed, 1 failed');
    expect(summarize({ steps: [step('vitest', 'not run', 'Node 22 could not be installed')] }).notes).toEqual([
      'vitest: not run (Node 22 could not be installed) (counts as 1 failed)',
    ]);
  });

  it('an e2e step that could not start counts its listed tests as failed and says "not run"', () => {
    const s = summarize({
      steps: [...checks(['build']), step('vitest'), step('e2e', 'not run', 'the build failed')],
      vitest: vitestReport(file('unit/a.test.ts', 'passed', Array(698).fill('passed'))),
      e2eListed: 37,
    });
    expect(s.line).toBe('698 passed, 38 failed');
    expect(s.notes).toEqual(['build: FAILED (counts as 1 failed)', 'e2e: not run — 37 tests (the build failed), counted as failed']);
  });

  it('Playwright that stopped on a global error: the tests it never reached count as failed', () => {
    const s = summarize({
      steps: [step('e2e', 'failed')],
      e2e: e2eReport({ expected: 0 }, [{ message: '\u001b[31mError: Chromium not found at /usr/bin/chromium\u001b[39m\n    at chromiumPath' }]),
      e2eListed: 37,
    });
    expect(s.line).toBe('0 passed, 37 failed');
    expect(s.notes).toEqual(['e2e: not run — 37 tests (Error: Chromium not found at /usr/bin/chromium), counted as failed']);
  });

  it('Playwright that ran part of its tests: the failed ones and the rest count', () => {
    const s = summarize({ steps: [step('e2e', 'failed')], e2e: e2eReport({ expected: 30, unexpected: 2 }), e2eListed: 37 });
    expect(s.line).toBe('30 passed, 7 failed');
    expect(s.notes).toEqual(['e2e: 2 tests failed', 'e2e: 5 tests of 37 not run, counted as failed']);
  });

  it('an e2e step that failed when even the list of its tests is unknown counts 1', () => {
    const s = summarize({ steps: [step('e2e', 'failed', 'its config did not load')], e2e: null, e2eListed: null });
    expect(s.line).toBe('0 passed, 1 failed');
    expect(s.notes[0]).toBe('e2e: not run — the number of tests is unknown (its config did not load); counts as 1 failed');
  });

  it('flaky e2e tests count as failed; typecheck and lint failures count one each', () => {
    const s = summarize({ steps: [...checks(['typecheck main', 'lint']), step('e2e', 'failed')], e2e: e2eReport({ expected: 35, flaky: 2 }), e2eListed: 37 });
    expect(s.line).toBe('35 passed, 4 failed');
    expect(s.notes).toEqual(['typecheck main: FAILED (counts as 1 failed)', 'lint: FAILED (counts as 1 failed)', 'e2e: 2 tests failed (2 flaky)']);
  });

  it('"0 failed" only when every step succeeded', () => {
    const kinds: StepResult[] = [...checks(), step('vitest'), step('e2e')];
    for (let i = 0; i < kinds.length; i++) {
      for (const status of ['failed', 'not run'] as const) {
        const steps = kinds.map((s, j) => (i === j ? { ...s, status } : s));
        const s = summarize({ steps, vitest: vitestReport(file('unit/a.test.ts', 'passed', ['passed'])), e2e: e2eReport({ expected: 1 }), e2eListed: 1 });
        expect(s.failed, `${kinds[i].name} ${status}`).toBeGreaterThan(0);
      }
    }
  });

  it('counts the tests of `playwright test --list --reporter=json`', () => {
    const listed = {
      suites: [
        { title: 'a.spec.ts', specs: [{ title: 'one', tests: [{}] }, { title: 'two', tests: [{}] }], suites: [{ title: 'group', specs: [{ title: 'three', tests: [{}] }] }] },
        { title: 'b.spec.ts', specs: [{ title: 'four', tests: [{}] }] },
      ],
      errors: [],
    };
    expect(countListedE2e(listed)).toBe(4);
    expect(countListedE2e(null)).toBeNull();
    expect(countListedE2e({ errors: [{ message: 'x' }] })).toBeNull();
  });
});
