// Adds up vitest's and Playwright's JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);
const unit = read('.ci-out/vitest.json');
// The e2e suite runs in two parts (scripts/test-all.sh): the chapters on two browsers, then the timed specs alone.
const e2eParts = ['.ci-out/e2e-chapters.json', '.ci-out/e2e-timed.json'].map((path) => read(path)?.stats).filter(Boolean);
const e2e = e2eParts.length
  ? e2eParts.reduce((sum, part) => ({
      expected: sum.expected + part.expected,
      unexpected: sum.unexpected + part.unexpected,
      flaky: (sum.flaky ?? 0) + (part.flaky ?? 0),
      skipped: sum.skipped + part.skipped,
    }))
  : null;
if (!unit) {
  console.log('0 passed, 1 failed, 0 skipped');
  console.error('no vitest report was written: the unit tests did not run');
  process.exit(1);
}
const passed = unit.numPassedTests + (e2e?.expected ?? 0);
// A test file that fails to load has no failed test of its own: count it once.
const unitFailed = unit.numFailedTests + (unit.success === false && unit.numFailedTests === 0 ? 1 : 0);
const failed = unitFailed + (e2e ? e2e.unexpected + (e2e.flaky ?? 0) : 0);
const skipped = unit.numPendingTests + unit.numTodoTests + (e2e?.skipped ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
