// The closing count of `npm test`, from what each step did and the reports vitest and
// Playwright wrote. Pure: scripts/test.mjs feeds it, tests/unit/scripts/test-count.test.ts
// checks it. The rule: the count is "0 failed" only when every step succeeded, and everything
// that would fail CI counts as a failure, each said once in words:
// - a failed test counts 1; a test file that failed outside its tests (it did not load, or a
//   beforeAll/afterAll hook threw) counts 1;
// - a test step that failed with no failure in its report (a crash, an unhandled error, no
//   report at all) counts 1;
// - e2e tests that never ran (the build failed, Playwright or its web server could not start)
//   count as failed, and the line says so;
// - a failed typecheck, lint or build counts 1.

/**
 * @typedef {{ name: string, kind: 'check' | 'vitest' | 'e2e', status: 'ok' | 'failed' | 'not run', why?: string }} StepResult
 * @typedef {{ passed: number, failed: number, skipped: number, notes: string[], line: string }} Summary
 */

/**
 * @param {{ steps: StepResult[], vitest?: any, e2e?: any, e2eListed?: number | null }} input
 *   vitest: vitest's JSON report (or null); e2e: Playwright's JSON report (or null);
 *   e2eListed: how many e2e tests `playwright test --list` found (null when unknown).
 * @returns {Summary}
 */
export function summarize({ steps, vitest = null, e2e = null, e2eListed = null }) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const notes = [];

  for (const step of steps) {
    if (step.kind === 'check') {
      if (step.status === 'failed') {
        failed += 1;
        notes.push(`${step.name}: FAILED (counts as 1 failed)`);
      } else if (step.status === 'not run') {
        failed += 1;
        notes.push(`${step.name}: not run${step.why ? ` (${step.why})` : ''} (counts as 1 failed)`);
      }
    } else if (step.kind === 'vitest') {
      const v = countVitest(step, vitest);
      passed += v.passed;
      failed += v.failed;
      skipped += v.skipped;
      notes.push(...v.notes);
    } else if (step.kind === 'e2e') {
      const e = countE2e(step, e2e, e2eListed);
      passed += e.passed;
      failed += e.failed;
      skipped += e.skipped;
      notes.push(...e.notes);
    }
  }
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  return { passed, failed, skipped, notes, line };
}

function countVitest(step, report) {
  const out = { passed: 0, failed: 0, skipped: 0, notes: [] };
  if (step.status === 'not run') {
    out.failed = 1;
    out.notes.push(`${step.name}: not run${step.why ? ` (${step.why})` : ''} (counts as 1 failed)`);
    return out;
  }
  if (!report || !Array.isArray(report.testResults)) {
    if (step.status !== 'ok') {
      out.failed = 1;
      out.notes.push(`${step.name}: FAILED and wrote no report (counts as 1 failed)`);
    }
    return out;
  }
  let failedTests = 0;
  const brokenFiles = [];
  const failedNames = [];
  for (const file of report.testResults) {
    const tests = Array.isArray(file.assertionResults) ? file.assertionResults : [];
    let failedHere = 0;
    for (const t of tests) {
      if (t.status === 'passed') out.passed += 1;
      else if (t.status === 'failed') {
        failedHere += 1;
        // Named at the end of the run, so a log that keeps only its tail still says which.
        failedNames.push(`${shortName(file.name ?? '')} › ${t.fullName ?? t.title ?? '(unnamed test)'}${t.failureMessages?.length ? ` — ${firstLine(t.failureMessages[0])}` : ''}`);
      }
      else out.skipped += 1; // pending, skipped, todo, disabled
    }
    failedTests += failedHere;
    // A file that failed with none of its tests failing: it did not load, or a hook threw.
    if (file.status === 'failed' && failedHere === 0) brokenFiles.push(file.name ?? '(unnamed file)');
  }
  out.failed = failedTests + brokenFiles.length;
  if (failedTests) {
    out.notes.push(`${step.name}: ${plural(failedTests, 'test')} failed`);
    for (const name of failedNames) out.notes.push(`  ✗ ${name}`);
  }
  if (brokenFiles.length) {
    out.notes.push(`${step.name}: ${plural(brokenFiles.length, 'test file')} failed outside its tests (did not load, or a hook threw), each counted as 1 failed: ${brokenFiles.map(shortName).join(', ')}`);
  }
  if (step.status !== 'ok' && out.failed === 0) {
    out.failed = 1;
    out.notes.push(`${step.name}: FAILED with no failed test in its report (an unhandled error or a crash; counts as 1 failed)`);
  }
  return out;
}

function countE2e(step, report, listed) {
  const out = { passed: 0, failed: 0, skipped: 0, notes: [] };
  const stats = report?.stats;
  const ran = stats ? (stats.expected ?? 0) + (stats.unexpected ?? 0) + (stats.flaky ?? 0) + (stats.skipped ?? 0) : 0;
  if (stats) {
    out.passed = stats.expected ?? 0;
    // A flaky test passed only on a retry: a failure CI would see on another day.
    out.failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
    out.skipped = stats.skipped ?? 0;
    if (out.failed) out.notes.push(`${step.name}: ${plural(out.failed, 'test')} failed${stats.flaky ? ` (${stats.flaky} flaky)` : ''}`);
  }
  if (step.status === 'ok') return out;
  // The step failed or never started: the tests that did not run count as failed.
  const why = step.why ?? (report?.errors?.length ? firstLine(report.errors[0]?.message) : null);
  if (listed != null) {
    const notRun = Math.max(0, listed - ran);
    if (notRun > 0) {
      out.failed += notRun;
      const what = ran === 0 ? `not run — ${plural(notRun, 'test')}` : `${plural(notRun, 'test')} of ${listed} not run`;
      out.notes.push(`${step.name}: ${what}${why ? ` (${why})` : ''}, counted as failed`);
    }
  } else if (ran === 0) {
    out.failed += 1;
    out.notes.push(`${step.name}: not run — the number of tests is unknown${why ? ` (${why})` : ''}; counts as 1 failed`);
  }
  if (out.failed === 0) {
    out.failed = 1;
    out.notes.push(`${step.name}: FAILED with no failed test in its report${why ? ` (${why})` : ''}; counts as 1 failed`);
  }
  return out;
}

/** How many tests `playwright test --list --reporter=json` found, or null when its output is not a report. */
export function countListedE2e(listJson) {
  if (!listJson || !Array.isArray(listJson.suites)) return null;
  let n = 0;
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) n += (spec.tests ?? []).length || 1;
    for (const child of suite.suites ?? []) walk(child);
  };
  listJson.suites.forEach(walk);
  return n;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shortName(path) {
  const at = path.indexOf('/tests/');
  return at >= 0 ? path.slice(at + 1) : path;
}

function firstLine(text) {
  if (typeof text !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- Playwright's messages carry colour codes
  const line = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim());
  return line ? line.trim().slice(0, 160) : null;
}
