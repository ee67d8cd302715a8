import { describe, it, expect } from 'vitest';
import * as ops from './index';
import { gradCheck, randomValues, f64 } from '../testing/gradCheck';
import { tensor } from '../tensor';
import { withBackend, tidy } from '../runtime';
import type { Tensor } from '../tensor';
import { opCaseGroups } from '../testing/opCases';

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
  for (const [group, cases] of Object.entries(opCaseGroups)) {
    it(group, () => {
      for (const c of cases()) check(c.f, c.shapes, { positive: c.positive });
    });
  }
});

describe('fused ops equal their compositions', () => {
  const close = (a: Tensor, b: Tensor) => {
    const x = a.toArray(), y = b.toArray();
    expect(x.length).toBe(y.length);
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThan(1e-12);
  };
  it('softmax, logSoftmax, layerNorm (alone and after a residual add), tanh GELU, crossEntropy', () => withBackend(f64, () => tidy(() => {
    const x = tensor(randomValues(30, 3, 4), [5, 6]);
    close(ops.softmax(x), ops.softmaxComposite(x));
    close(ops.logSoftmax(x), ops.logSoftmaxComposite(x));
    const w = tensor(randomValues(6, 4), [6]), b = tensor(randomValues(6, 5), [6]);
    close(ops.layerNorm(x, w, b), ops.layerNormComposite(x, w, b));
    const branch = tensor(randomValues(30, 6), [5, 6]);
    for (const bias of [b, null]) {
      const fused = ops.residualLayerNorm(x, branch, w, bias), composed = ops.residualLayerNormComposite(x, branch, w, bias);
      close(fused.sum, composed.sum);
      close(fused.normed, composed.normed);
    }
    close(ops.geluTanh(x), ops.geluTanhComposite(x));
    const qkv = tensor(randomValues(2 * 3 * 12, 9), [2, 3, 12]);
    for (let part = 0; part < 3; part++) {
      const heads = ops.permute(ops.reshape(ops.slice(qkv, 2, 4 * part, 4 * part + 4), [2, 3, 2, 2]), [0, 2, 1, 3]);
      close(ops.splitHeads(qkv, 3, part, 2), heads);
    }
    for (const nh of [1, 2, 4]) {
      const proj = tensor(randomValues(2 * 5 * 24, 10), [2, 5, 24]);
      close(ops.headScores(proj, nh), ops.headScoresComposite(proj, nh));
      const weights = tensor(randomValues(2 * nh * 25, 11), [2, nh, 5, 5]);
      close(ops.headMix(weights, proj, nh), ops.headMixComposite(weights, proj, nh));
      for (const causal of [true, false]) {
        close(ops.headAttention(proj, nh, 0.4, causal), ops.headAttentionComposite(proj, nh, 0.4, causal));
      }
    }
    for (const causal of [true, false]) {
      const scores = tensor(randomValues(2 * 3 * 5, 8, 4), [2, 3, 5]);
      close(ops.attentionSoftmax(scores, 0.35, causal), ops.attentionSoftmaxComposite(scores, 0.35, causal));
    }
    for (const variant of ['gelu', 'geluTanh'] as const) {
      close(ops.biasGelu(x, b, variant), ops.biasGeluComposite(x, b, variant));
      close(ops.biasGelu(x, null, variant), ops.biasGeluComposite(x, null, variant));
    }
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

describe('residualLayerNorm', () => {
  it('records an add and a layerNorm, so the backward is theirs', () => withBackend(f64, () => tidy(() => {
    const x = tensor(randomValues(12, 1), [2, 6]), branch = tensor(randomValues(12, 2), [2, 6]);
    const w = tensor(randomValues(6, 3), [6]);
    for (const t of [x, branch, w]) t.requiresGrad = true;
    const { sum, normed } = ops.residualLayerNorm(x, branch, w, null);
    expect(sum.gradNode?.op).toBe('add');
    expect(sum.gradNode?.inputs).toEqual([x, branch]);
    expect(normed.gradNode?.op).toBe('layerNorm');
    expect(normed.gradNode?.inputs).toEqual([sum, w]);
  })));
  it('rejects a branch of another shape', () => withBackend(f64, () => tidy(() => {
    const w = tensor([1, 1, 1]);
    expect(() => ops.residualLayerNorm(tensor([1, 2, 3, 4, 5, 6], [2, 3]), tensor([1, 2, 3], [1, 3]), w, null))
      .toThrow(/branch \(1, 3\) does not match the stream \(2, 3\)/);
  })));
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
    expect(() => ops.headScores(tensor(new Array(20).fill(0), [1, 2, 10]), 2)).toThrow(/no \(B, T, 3C\) projection/);
    expect(() => ops.headMix(tensor(new Array(8).fill(0), [1, 2, 2, 2]), tensor(new Array(24).fill(0), [1, 2, 12]), 1))
      .toThrow(/do not fit/);
  })));
});
