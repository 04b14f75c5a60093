// `npm test`: every test, unit and property (Vitest) then end-to-end (Playwright), and one
// closing line "N passed, N failed" with the real totals read from both JSON reports.
// The e2e tests run even when unit tests failed, so one run shows everything that is broken.
// Exits non-zero if a test failed, a runner crashed or reported errors, or a runner ran
// no test at all (a run that tests nothing must not look green).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const UNIT_REPORT = 'test-results/unit.json';
const E2E_REPORT = 'test-results/e2e.json';
const BIN = 'node_modules/.bin';

/**
 * @typedef {{ name: string, passed: number, failed: number, skipped: number, problem?: string }} RunnerResult
 */

/**
 * Runs a command with its output passed through.
 * @param {string} command
 * @param {string[]} args
 * @returns {number} the exit status, or -1 if the process could not run or was killed
 */
function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) console.error(`Could not run ${command}: ${result.error.message}`);
  return result.status ?? -1;
}

/**
 * @param {string} path
 * @returns {unknown} the parsed report, or undefined if it is missing or not JSON
 */
function readReport(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {unknown} value
 * @returns {number}
 */
function count(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Turns a runner's exit status and JSON report into counts and, if any, what went wrong
 * beyond failed tests.
 * @param {string} name
 * @param {number} status
 * @param {{ passed: number, failed: number, skipped: number } | undefined} counts
 * @returns {RunnerResult}
 */
function judge(name, status, counts) {
  if (counts === undefined) {
    return { name, passed: 0, failed: 0, skipped: 0, problem: 'crashed: it wrote no report' };
  }
  /** @type {RunnerResult} */
  const result = { name, ...counts };
  if (counts.passed + counts.failed === 0) {
    result.problem = 'ran no test';
  } else if (status !== 0 && counts.failed === 0) {
    result.problem = `exited with status ${status} although no test failed (see its output above)`;
  }
  return result;
}

/** @returns {RunnerResult} */
function runUnitTests() {
  const status = run(`${BIN}/vitest`, [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${UNIT_REPORT}`,
  ]);
  const report = /** @type {Record<string, unknown> | undefined} */ (readReport(UNIT_REPORT));
  const counts = report && {
    passed: count(report.numPassedTests),
    failed: count(report.numFailedTests),
    skipped: count(report.numPendingTests) + count(report.numTodoTests),
  };
  return judge('unit tests (Vitest)', status, counts);
}

/** @returns {RunnerResult} */
function runEndToEndTests() {
  const name = 'end-to-end tests (Playwright)';
  if (run('node', ['scripts/find-browser.mjs']) !== 0) {
    return { name, passed: 0, failed: 0, skipped: 0, problem: 'no browser to run them in' };
  }
  const status = run(`${BIN}/playwright`, ['test']);
  const report = /** @type {{ stats?: Record<string, unknown> } | undefined} */ (
    readReport(E2E_REPORT)
  );
  const stats = report?.stats;
  const counts = stats && {
    // A flaky test passed on a retry; it is counted as passed, as Playwright does.
    passed: count(stats.expected) + count(stats.flaky),
    failed: count(stats.unexpected),
    skipped: count(stats.skipped),
  };
  return judge(name, status, counts);
}

// Stale reports from an earlier run must never stand in for this one.
mkdirSync('test-results', { recursive: true });
rmSync(UNIT_REPORT, { force: true });
rmSync(E2E_REPORT, { force: true });

const results = [runUnitTests(), runEndToEndTests()];

console.log('');
for (const result of results) {
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
  console.log(`${result.name}: ${result.passed} passed, ${result.failed} failed${skipped}`);
  if (result.problem !== undefined) console.log(`${result.name}: ${result.problem}`);
}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`${passed} passed, ${failed} failed`);

const ok = failed === 0 && results.every((result) => result.problem === undefined);
process.exit(ok ? 0 : 1);
