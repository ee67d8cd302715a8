import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../backends/js/jsBackend';
import { loadGoldenCases, runGoldenCase } from '../testing/goldenGpt';
import { expectGoldenWithin } from '../testing/expectGolden';

describe('GPT matches the PyTorch reference (tests/fixtures/gpt_golden.json)', () => {
  it('the fixture covers both activations: exact GELU and the tanh approximation', () => {
    expect(new Set(loadGoldenCases().map((c) => c.config.activation))).toEqual(new Set(['gelu', 'gelu_tanh']));
  });
  for (const c of loadGoldenCases()) {
    it(`${c.name}: float64 js to 1e-9`, async () => expectGoldenWithin(await runGoldenCase(createJsBackend('float64'), c), 1e-9));
    it(`${c.name}: float32 js to 1e-4`, async () => expectGoldenWithin(await runGoldenCase(createJsBackend('float32'), c), 1e-4));
  }
});
