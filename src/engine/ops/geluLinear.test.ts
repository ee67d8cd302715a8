// geluLinear against what it fuses, linear(biasGelu(...)): the output and every input's gradient (float64 js), for
// both GELU variants, with and without biases, and with only some inputs wanting a gradient (a frozen projection).
import { describe, expect, it } from 'vitest';
import { backward } from '../autograd';
import { createJsBackend } from '../backends/js/jsBackend';
import { tidy, withBackend } from '../runtime';
import { tensor, type Tensor } from '../tensor';
import { randomValues } from '../testing/gradCheck';
import * as ops from '.';

const f64 = createJsBackend('float64');

function run(fused: boolean, variant: 'gelu' | 'geluTanh', withBiases: boolean, trained: boolean[]): number[][] {
  return withBackend(f64, () => tidy(() => {
    const shapes = [[2, 3, 6], [6], [4, 6], [4]];
    const [x, b, w, bias] = shapes.map((shape, k) => {
      const t = tensor(randomValues(shape.reduce((p, d) => p * d, 1), 40 + k, 1.5), shape);
      t.requiresGrad = trained[k];
      return t;
    });
    const [bb, bbias] = withBiases ? [b, bias] : [null, null];
    const y = fused ? ops.geluLinear(x, bb, variant, w, bbias).y : ops.linear(ops.biasGelu(x, bb, variant), w, bbias);
    backward(ops.sum(ops.mul(y, tensor(randomValues(y.size, 7), y.shape))));
    return [y, x.grad, b.grad, w.grad, bias.grad].map((t: Tensor | null) => (t ? Array.from(t.toArray()) : []));
  }));
}

describe('geluLinear', () => {
  it('equals linear(biasGelu(x, b), W, bias), output and gradients', () => {
    for (const variant of ['gelu', 'geluTanh'] as const) {
      for (const withBiases of [true, false]) {
        for (const trained of [[true, true, true, true], [true, true, false, false], [false, false, true, true]]) {
          const fused = run(true, variant, withBiases, trained), plain = run(false, variant, withBiases, trained);
          fused.forEach((values, k) => {
            expect(values.length).toBe(plain[k].length);
            values.forEach((v, i) => expect(v).toBeCloseTo(plain[k][i], 12));
          });
        }
      }
    }
  });

  it('refuses a weight that does not fit', () => {
    withBackend(f64, () => {
      expect(() => ops.geluLinear(tensor(new Array(12).fill(0), [2, 6]), null, 'gelu', tensor(new Array(20).fill(0), [4, 5]), null))
        .toThrow(/does not fit/);
    });
  });
});
