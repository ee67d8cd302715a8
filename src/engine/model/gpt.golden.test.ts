import { describe, it, expect } from 'vitest';
import { createJsBackend } from '../backends/js/jsBackend';
import { loadGoldenCases, runGoldenCase, type GoldenReport } from '../testing/goldenGpt';

function expectWithin(r: GoldenReport, tol: number) {
  expect(r.missingParams).toEqual([]);
  expect(r.logits).toBeLessThan(tol);
  expect(r.loss).toBeLessThan(tol);
  for (const [name, err] of Object.entries(r.grads)) expect(err, `gradient of ${name}`).toBeLessThan(tol);
  for (const e of r.stepLosses) expect(e).toBeLessThan(tol);
  for (const e of r.gradNorms) expect(e).toBeLessThan(tol);
  expect(r.finalLoss).toBeLessThan(tol);
  expect(r.finalParams).toBeLessThan(tol * 10);
}

describe('GPT matches the PyTorch reference (tests/fixtures/gpt_golden.json)', () => {
  for (const c of loadGoldenCases()) {
    it(`${c.name}: float64 js to 1e-9`, async () => expectWithin(await runGoldenCase(createJsBackend('float64'), c), 1e-9));
    it(`${c.name}: float32 js to 1e-4`, async () => expectWithin(await runGoldenCase(createJsBackend('float32'), c), 1e-4));
  }
});
