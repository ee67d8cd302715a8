// The golden test's assertions, shared by every backend's golden test: each quantity of a GoldenReport within
// `tol` (final parameters within 10·tol: five AdamW steps compound float32 rounding).
import { expect } from 'vitest';
import type { GoldenReport } from './goldenGpt';

export function expectGoldenWithin(r: GoldenReport, tol: number): void {
  expect(r.missingParams).toEqual([]);
  expect(r.logits).toBeLessThan(tol);
  expect(r.loss).toBeLessThan(tol);
  for (const [name, err] of Object.entries(r.grads)) expect(err, `gradient of ${name}`).toBeLessThan(tol);
  for (const e of r.stepLosses) expect(e, 'loss before an AdamW step').toBeLessThan(tol);
  for (const e of r.gradNorms) expect(e, 'gradient norm').toBeLessThan(tol);
  expect(r.finalLoss).toBeLessThan(tol);
  expect(r.finalParams).toBeLessThan(tol * 10);
}
