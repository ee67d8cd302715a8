// Single ops against PyTorch (tests/fixtures/ops_golden.json, from scripts/golden/make_fixture.py): both GELUs and
// their derivatives, in float64.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ops from './index';
import { backward } from '../autograd';
import { tensor } from '../tensor';
import { tidy, withBackend } from '../runtime';
import { f64 } from '../testing/gradCheck';

interface OpEntry { op: string; inputs: Record<string, { data: number[] }>; outputs: Record<string, { data: number[] }> }
const fixture = JSON.parse(readFileSync(new URL('../../../tests/fixtures/ops_golden.json', import.meta.url), 'utf8')) as { ops: OpEntry[] };

describe('GELU matches PyTorch in float64', () => {
  for (const [name, f] of [['gelu', ops.gelu], ['gelu_tanh', ops.geluTanh]] as const) {
    it(`${name}: values and derivative to 1e-14`, () => withBackend(f64, () => tidy(() => {
      const entry = fixture.ops.find((o) => o.op === name)!;
      const x = tensor(entry.inputs.x.data, [entry.inputs.x.data.length]);
      x.requiresGrad = true;
      const y = f(x);
      backward(ops.sum(y));
      const worst = (a: ArrayLike<number>, b: number[]) => Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.max(1, Math.abs(v))));
      expect(worst(y.toArray(), entry.outputs.y.data)).toBeLessThan(1e-14);
      expect(worst(x.grad!.toArray(), entry.outputs.dydx.data)).toBeLessThan(1e-14);
    })));
  }
});
