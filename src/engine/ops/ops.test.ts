import { describe, it, expect } from 'vitest';
import * as ops from './index';
import { gradCheck, randomValues, f64 } from '../testing/gradCheck';
import { tensor } from '../tensor';
import { withBackend, tidy } from '../runtime';
import type { Tensor } from '../tensor';

const TOL = 1e-6;

function check(f: (...xs: Tensor[]) => Tensor, shapes: number[][], opts: { positive?: boolean; seed?: number } = {}) {
  const inputs = shapes.map((shape, k) => {
    const n = shape.reduce((p, d) => p * d, 1);
    const values = randomValues(n, (opts.seed ?? 1) + k * 17).map((v) => (opts.positive ? Math.abs(v) + 0.5 : v));
    return { shape, values };
  });
  const { maxRelError } = gradCheck(f, inputs);
  expect(maxRelError).toBeLessThan(TOL);
}

describe('gradient checks against central finite differences (float64)', () => {
  it('unary ops', () => {
    for (const f of [ops.neg, ops.exp, ops.tanh, ops.gelu, ops.square, ops.sin, ops.cos, ops.relu, ops.abs]) check(f, [[3, 4]]);
    for (const f of [ops.log, ops.sqrt, ops.rsqrt, ops.reciprocal]) check(f, [[3, 4]], { positive: true });
  });
  it('scalar ops', () => {
    check((x) => ops.addScalar(x, 2), [[5]]);
    check((x) => ops.mulScalar(x, -3), [[5]]);
    check((x) => ops.rsubScalar(x, 1), [[5]]);
    check((x) => ops.powScalar(x, 1.5), [[5]], { positive: true });
    check((x) => ops.maxScalar(x, 0.1), [[7]]);
  });
  it('binary ops with broadcasting', () => {
    for (const f of [ops.add, ops.sub, ops.mul, ops.maximum]) {
      check(f, [[2, 3, 4], [2, 3, 4]]);
      check(f, [[2, 3, 4], [4]]);
      check(f, [[2, 1, 4], [3, 1]]);
    }
    check(ops.div, [[2, 3], [2, 3]], { positive: true });
    check(ops.div, [[2, 3], [3]], { positive: true });
  });
  it('reductions', () => {
    check((x) => ops.sum(x, 1), [[2, 3, 4]]);
    check((x) => ops.sum(x, -1, true), [[2, 3, 4]]);
    check((x) => ops.sum(x), [[2, 3]]);
    check((x) => ops.mean(x, 0), [[3, 5]]);
    check((x) => ops.max(x, 1), [[3, 5]]);
  });
  it('movement', () => {
    check((x) => ops.reshape(x, [4, 6]), [[2, 3, 4]]);
    check((x) => ops.permute(x, [2, 0, 1]), [[2, 3, 4]]);
    check((x) => ops.transpose(x), [[2, 3, 4]]);
    check((x) => ops.expand(x, [2, 3, 4]), [[3, 1]]);
    check((x) => ops.slice(x, 1, 1, 3), [[2, 4, 3]]);
    check((a, b) => ops.concat([a, b], 1), [[2, 2, 3], [2, 1, 3]]);
    check((x) => ops.split(x, [1, 2], 0)[1], [[3, 2]]);
  });
  it('matmul with every transpose, batches and a shared B', () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = transA ? [2, 4, 3] : [2, 3, 4];
        const b = transB ? [2, 5, 4] : [2, 4, 5];
        check((x, y) => ops.matmul(x, y, { transA, transB }), [a, b]);
      }
    }
    check((x, y) => ops.matmul(x, y), [[2, 3, 4], [4, 5]]);
    check((x, y) => ops.matmul(x, y, { transB: true }), [[2, 3, 4], [5, 4]]);
    check((x, w, b) => ops.linear(x, w, b), [[2, 3, 4], [5, 4], [5]]);
  });
  it('fused transformer ops', () => {
    check(ops.softmax, [[3, 5]]);
    check(ops.logSoftmax, [[3, 5]]);
    check((x, w, b) => ops.layerNorm(x, w, b), [[3, 6], [6], [6]]);
    check((x, w) => ops.layerNorm(x, w, null), [[3, 6], [6]]);
    check((table) => ops.embedding(tensor([1, 0, 1, 3], [2, 2]), table), [[4, 3]]);
    check((logits) => ops.crossEntropy(logits, tensor([2, -1, 0, 4], [4])), [[4, 5]]);
  });
  it('composite forms', () => {
    check(ops.softmaxComposite, [[3, 5]]);
    check(ops.geluComposite, [[7]]);
    check((x, w, b) => ops.layerNormComposite(x, w, b), [[3, 6], [6], [6]]);
  });
});

describe('fused ops equal their compositions', () => {
  const close = (a: Tensor, b: Tensor) => {
    const x = a.toArray(), y = b.toArray();
    expect(x.length).toBe(y.length);
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThan(1e-12);
  };
  it('softmax, logSoftmax, layerNorm, gelu, crossEntropy', () => withBackend(f64, () => tidy(() => {
    const x = tensor(randomValues(30, 3, 4), [5, 6]);
    close(ops.softmax(x), ops.softmaxComposite(x));
    close(ops.logSoftmax(x), ops.logSoftmaxComposite(x));
    const w = tensor(randomValues(6, 4), [6]), b = tensor(randomValues(6, 5), [6]);
    close(ops.layerNorm(x, w, b), ops.layerNormComposite(x, w, b));
    close(ops.gelu(x), ops.geluComposite(x));
    const targets = [1, -1, 5, 0, 2];
    const oneHot = tensor(targets.flatMap((t) => Array.from({ length: 6 }, (_, j) => (j === t ? 1 : 0))), [5, 6]);
    close(ops.crossEntropy(x, tensor(targets)), ops.crossEntropyComposite(x, oneHot, 4));
  })));
  it('softmax gives masked (-Infinity) entries probability 0', () => withBackend(f64, () => {
    const p = ops.softmax(tensor([1, -Infinity, 2, -Infinity], [1, 4])).toArray();
    expect(p[1]).toBe(0);
    expect(p[3]).toBe(0);
    expect(p[0] + p[2]).toBeCloseTo(1, 12);
  }));
});

describe('dropout', () => {
  it('is the identity at p = 0 and keeps the mean (inverted scaling) at p = 0.5', async () => {
    const { Rng } = await import('../util/rng');
    withBackend(f64, () => tidy(() => {
      const x = tensor(new Array(4000).fill(1), [4000]);
      expect(ops.dropout(x, 0, new Rng(1))).toBe(x);
      const y = ops.dropout(x, 0.5, new Rng(1)).toArray();
      const zeros = y.filter((v) => v === 0).length;
      expect(zeros).toBeGreaterThan(1800);
      expect(zeros).toBeLessThan(2200);
      expect(y.every((v) => v === 0 || v === 2)).toBe(true);
      expect(() => ops.dropout(x, 1, new Rng(1))).toThrow(/below 1/);
    }));
  });
  it('passes a gradient check with a fixed mask', async () => {
    const { Rng } = await import('../util/rng');
    check((x) => ops.dropout(x, 0.3, new Rng(5)), [[4, 5]]);
  });
});

describe('shape errors are clear', () => {
  it('names the shapes that do not fit', () => withBackend(f64, () => tidy(() => {
    expect(() => ops.add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/\(3\) and \(2\) do not broadcast/);
    expect(() => ops.matmul(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 2, 3], [3, 1]))).toThrow(/do not fit/);
    expect(() => ops.reshape(tensor([1, 2, 3]), [2, 2])).toThrow(/cannot reshape/);
  })));
});
