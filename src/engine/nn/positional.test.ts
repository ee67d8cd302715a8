// The three ways of telling a model where a token stands, checked against their formulas: sinusoids (Vaswani et al.
// 2017, §3.5), RoPE (Su et al. 2021: a rotation whose dot products depend only on the distance), and none (then
// attention treats its input as a set: permute the tokens and the outputs are permuted the same way).
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { add } from '../ops';
import { noGrad, tidy } from '../runtime';
import { gradCheck } from '../testing/gradCheck';
import { tensor, type Tensor } from '../tensor';
import { Rng } from '../util/rng';
import { applyRope, ropeAngles, sinusoidalTable } from './positional';

describe('sinusoidal positions', () => {
  it('are sin on even and cos on odd dimensions of t / 10000^(2i/C)', () => {
    const C = 8;
    const table = sinusoidalTable(0, 6, C).toArray();
    const at = (t: number, d: number) => table[t * C + d];
    expect(at(0, 0)).toBe(0);
    expect(at(0, 1)).toBe(1);
    expect(at(1, 0)).toBeCloseTo(Math.sin(1), 6);
    expect(at(1, 1)).toBeCloseTo(Math.cos(1), 6);
    expect(at(3, 2)).toBeCloseTo(Math.sin(3 / 10), 6); // 10000^(2/8) = 10
    expect(at(3, 5)).toBeCloseTo(Math.cos(3 / 100), 6); // pair 2: 10000^(4/8) = 100
    expect(at(5, 7)).toBeCloseTo(Math.cos(5 / 1000), 6);
  });

  it('start at any position: the row for position 5 is the same alone or in a table from 0', () => {
    const full = sinusoidalTable(0, 6, 10).toArray().slice(50, 60);
    const alone = sinusoidalTable(5, 1, 10).toArray();
    alone.forEach((v, i) => expect(v).toBeCloseTo(full[i], 6));
  });
});

/** x (1, 1, T, hs) with the same pair of values at every position. */
const repeated = (pair: number[], T: number, hs: number) =>
  tensor(Array.from({ length: T * hs }, (_, i) => pair[i % 2] * (1 + Math.floor((i % hs) / 2))), [1, 1, T, hs]);

describe('RoPE', () => {
  it('rotates each pair by position × θᵢ with θᵢ = 10000^(−2i/hs), keeping its length', () => {
    const hs = 4, T = 3;
    const out = tidy(() => applyRope(repeated([1, 0], T, hs), ropeAngles(0, T, hs)).toArray());
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < hs / 2; i++) {
        const angle = t * Math.pow(10000, (-2 * i) / hs), length = 1 + i;
        expect(out[t * hs + 2 * i]).toBeCloseTo(length * Math.cos(angle), 5);
        expect(out[t * hs + 2 * i + 1]).toBeCloseTo(length * Math.sin(angle), 5);
      }
    }
  });

  it('makes q·k depend only on the distance between the two positions', () => {
    const hs = 6, T = 12;
    const rng = new Rng(3);
    const q = Array.from({ length: hs }, () => rng.normal()), k = Array.from({ length: hs }, () => rng.normal());
    const everywhere = (v: number[]) => tensor(Array.from({ length: T * hs }, (_, i) => v[i % hs]), [1, 1, T, hs]);
    const [rq, rk] = tidy(() => [applyRope(everywhere(q), ropeAngles(0, T, hs)).toArray(), applyRope(everywhere(k), ropeAngles(0, T, hs)).toArray()]);
    const dot = (m: number, n: number) => Array.from({ length: hs }, (_, d) => rq[m * hs + d] * rk[n * hs + d]).reduce((a, b) => a + b);
    expect(dot(5, 2)).toBeCloseTo(dot(10, 7), 5); // both three apart
    expect(dot(4, 4)).toBeCloseTo(dot(0, 0), 5);
    expect(Math.abs(dot(5, 2) - dot(5, 4))).toBeGreaterThan(1e-3); // another distance, another score
  });

  it('passes a finite-difference gradient check (float64)', () => {
    const rng = new Rng(5);
    const values = Array.from({ length: 2 * 2 * 3 * 4 }, () => rng.normal());
    const result = gradCheck((x) => applyRope(x, ropeAngles(2, 3, 4)), [{ shape: [2, 2, 3, 4], values }]);
    expect(result.maxRelError).toBeLessThan(1e-6);
  });
});

const base = { vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: false };

/** The first block's attention output (T, C) for ids, on token vectors plus whatever positions the model adds. */
function attentionOutput(model: GPT, ids: number[], causal: boolean): Float32Array | Float64Array {
  return tidy(() => noGrad(() => {
    const T = ids.length;
    const tokens = model.wte.forward(tensor(ids, [1, T]));
    const positions = model.positionVectors(0, T);
    const x = positions ? add(tokens, positions) : tokens;
    const block = model.h[0];
    return block.attn.forward(block.ln_1.forward(x), {
      layer: 0, start: 0, training: false, rng: model.rng, rope: model.config.positional === 'rope', causal,
    }).toArray();
  }));
}

describe('no positions: attention sees a set', () => {
  const dogBitesMan = [2, 5, 7], manBitesDog = [7, 5, 2]; // the permutation reverses the order
  const rowOf = (out: ArrayLike<number>, t: number) => Array.from(out).slice(t * 8, t * 8 + 8);

  it('without positions (and without the causal mask) permuting the tokens permutes the outputs, nothing more', () => {
    const model = new GPT({ ...base, positional: 'none' }, 4);
    const a = attentionOutput(model, dogBitesMan, false), b = attentionOutput(model, manBitesDog, false);
    for (let t = 0; t < 3; t++) rowOf(a, t).forEach((v, d) => expect(v).toBeCloseTo(rowOf(b, 2 - t)[d], 5));
  });

  it('with learned positions or RoPE the same word gets a different output in the other order', () => {
    for (const positional of ['learned', 'rope', 'sinusoidal'] as const) {
      const model = new GPT({ ...base, positional }, 4);
      const a = attentionOutput(model, dogBitesMan, false), b = attentionOutput(model, manBitesDog, false);
      const dogA = rowOf(a, 0), dogB = rowOf(b, 2);
      const scale = Math.max(...dogA.map(Math.abs)); // freshly made weights give small outputs: compare relatively
      expect(Math.max(...dogA.map((v, d) => Math.abs(v - dogB[d]))) / scale).toBeGreaterThan(1e-3);
    }
  });

  it('the causal mask alone already breaks the symmetry: the first token sees only itself', () => {
    const model = new GPT({ ...base, positional: 'none' }, 4);
    const a = attentionOutput(model, dogBitesMan, true), b = attentionOutput(model, manBitesDog, true);
    const first = rowOf(a, 0), last = rowOf(b, 2), scale = Math.max(...first.map(Math.abs));
    expect(Math.max(...first.map((v, d) => Math.abs(v - last[d]))) / scale).toBeGreaterThan(1e-3);
  });

  it('the whole GPT passes a gradient check with sinusoidal positions and with none (float64)', () => {
    for (const positional of ['sinusoidal', 'none'] as const) {
      const c = { ...base, positional };
      const w = new GPT(c, 8).namedParameters().get('h.0.attn.c_attn.weight')!;
      const result = gradCheck((weight) => {
        const m64 = new GPT(c, 8);
        m64.namedParameters().get('h.0.attn.c_attn.weight')!.dispose();
        (m64.h[0].attn.c_attn as unknown as { weight: Tensor }).weight = weight;
        return m64.forward(tensor([3, 1, 4, 1, 5], [1, 5]), { targets: tensor([1, 4, 1, 5, 9], [1, 5]) }).loss!;
      }, [{ shape: w.shape, values: Array.from(w.toArray()) }]);
      expect(result.maxRelError).toBeLessThan(1e-5);
    }
  });
});
