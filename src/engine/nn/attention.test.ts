import { describe, expect, it } from 'vitest';
import { backward } from '../autograd';
import { f64, randomValues } from '../testing/gradCheck';
import { tidy, withBackend } from '../runtime';
import { tensor } from '../tensor';
import { Rng } from '../util/rng';
import { CausalSelfAttention } from './attention';
import { Trace } from './trace';

// Attention takes three routes to the same numbers: heads read in place as one op (training, plain forwards), in
// place as separate ops (a trace of the weights, dropout on them), and copied out (a trace of q, k, v, RoPE, the cache).
describe('CausalSelfAttention routes', () => {
  it('agree on the output and on every gradient', () => withBackend(f64, () => tidy(() => {
    const B = 2, T = 5, C = 12, nh = 3;
    const attn = new CausalSelfAttention(C, nh, 0, true, 2, new Rng(3));
    const x = tensor(randomValues(B * T * C, 21), [B, T, C]);
    x.requiresGrad = true;
    const probe = tensor(randomValues(B * T * C, 22), [B, T, C]);
    const run = (trace?: Trace) => {
      const y = attn.forward(x, { layer: 0, start: 0, training: false, rng: new Rng(1), trace });
      backward(y, probe);
      const grads = [x, ...attn.parameters()].map((p) => {
        const g = p.grad!.toArray();
        p.grad!.dispose();
        p.grad = null;
        return g;
      });
      return [y.toArray(), ...grads];
    };
    const oneOp = run();
    const weightsTraced = run(new Trace({ site: 'attn.weights' }));
    const copied = run(new Trace({ site: 'attn.q' }));
    for (const other of [weightsTraced, copied]) {
      expect(other.length).toBe(oneOp.length);
      other.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(v - oneOp[i][j])).toBeLessThan(1e-12)));
    }
  })));
});
