// Adds up vitest's and Playwright's JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);
const unit = read('.ci-out/vitest.json');
const e2e = read('.ci-out/e2e.json')?.stats;
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
