import { describe, it, expect } from 'vitest';
import { GPT } from './gpt';
import { Trace } from './trace';
import { generate, filterDistribution, nextTokenLogits } from './generate';
import { KVCache } from '../nn/attention';
import { tensor } from '../tensor';
import { tidy, noGrad } from '../runtime';
import { gradCheck } from '../testing/gradCheck';
import { countParameters, type PositionalScheme } from './gptConfig';
import { forwardFlopsPerToken, trainingFlopsPerStep } from '../flops';
import { ops } from '../index';

const base = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as PositionalScheme };
const ids = [3, 1, 4, 1, 5, 9, 2, 6];

function logitsOf(model: GPT, seq: number[], opts = {}) {
  return tidy(() => noGrad(() => model.forward(tensor(seq, [1, seq.length]), opts).logits.toArray()));
}

describe('GPT', () => {
  it('counts its parameters like countParameters', () => {
    for (const positional of ['learned', 'rope'] as const) {
      for (const bias of [true, false]) {
        const c = { ...base, positional, bias };
        expect(new GPT(c).parameters().reduce((s, p) => s + p.size, 0)).toBe(countParameters(c));
      }
    }
  });

  it('is causal: a later token never changes earlier logits, for every positional scheme', () => {
    for (const positional of ['learned', 'sinusoidal', 'rope', 'none'] as const) {
      const model = new GPT({ ...base, positional }, 2);
      const a = logitsOf(model, ids), b = logitsOf(model, [...ids.slice(0, 7), 0]);
      for (let i = 0; i < 7 * 11; i++) expect(a[i]).toBeCloseTo(b[i], 5);
      expect(Math.abs(a[7 * 11] - b[7 * 11])).toBeGreaterThan(0);
    }
  });

  // One layer: the last token's attention is a weighted sum over a set, blind to order. (With two or more layers
  // the causal mask itself leaks some order, since earlier tokens saw different prefixes.)
  it('one layer without positions cannot tell the order of what came before ("dog man bites" = "man dog bites")', () => {
    const none = new GPT({ ...base, nLayer: 1, positional: 'none' }, 4);
    const learned = new GPT({ ...base, nLayer: 1, positional: 'learned' }, 4);
    const last = (m: GPT, s: number[]) => Array.from(logitsOf(m, s).slice(-11));
    const [dog, bites, man] = [2, 5, 7];
    const x = last(none, [dog, man, bites]), y = last(none, [man, dog, bites]);
    x.forEach((v, i) => expect(v).toBeCloseTo(y[i], 5));
    const p = last(learned, [dog, man, bites]), q = last(learned, [man, dog, bites]);
    expect(p.some((v, i) => Math.abs(v - q[i]) > 1e-4)).toBe(true);
  });

  it('the KV cache gives the same logits as recomputing the whole context', () => {
    for (const positional of ['learned', 'rope', 'sinusoidal'] as const) {
      const model = new GPT({ ...base, positional }, 3);
      const full = logitsOf(model, ids);
      const cache = new KVCache(base.nLayer);
      const prefix = logitsOf(model, ids.slice(0, 5), { cache });
      for (let i = 0; i < prefix.length; i++) expect(prefix[i]).toBeCloseTo(full[i], 5);
      for (let t = 5; t < 8; t++) {
        const step = logitsOf(model, [ids[t]], { cache });
        for (let v = 0; v < 11; v++) expect(step[v]).toBeCloseTo(full[t * 11 + v], 5);
      }
      cache.dispose();
    }
  });

  it('lastOnly gives the last row of the full logits, for every positional scheme, with head masks and a cache', () => {
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    };
    for (const positional of ['learned', 'sinusoidal', 'rope', 'none'] as const) {
      const model = new GPT({ ...base, positional }, 4);
      const V = base.vocabSize;
      for (const headMask of [undefined, [[1, 1], [0, 1]]]) {
        const full = logitsOf(model, ids, { headMask });
        close(logitsOf(model, ids, { lastOnly: true, headMask }), full.slice((ids.length - 1) * V));
      }
      // Three tokens through the cache, then the other five at once with lastOnly.
      const cache = new KVCache(base.nLayer);
      logitsOf(model, ids.slice(0, 3), { cache });
      close(logitsOf(model, ids.slice(3), { cache, lastOnly: true }), logitsOf(model, ids).slice((ids.length - 1) * V));
      cache.dispose();
      const out = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { lastOnly: true }).hidden.shape));
      expect(out).toEqual([1, 1, base.nEmbd]);
    }
  });

  it('head masks switch heads off: all heads off equals a model without attention output', () => {
    const model = new GPT(base, 5);
    const on = logitsOf(model, ids, { headMask: [[1, 1], [1, 1]] });
    const plain = logitsOf(model, ids);
    on.forEach((v, i) => expect(v).toBeCloseTo(plain[i], 6));
    const off = logitsOf(model, ids, { headMask: [[0, 1], [1, 1]] });
    expect(off.some((v, i) => Math.abs(v - plain[i]) > 1e-5)).toBe(true);
  });

  it('traces named activations with their shapes; attention weights rows sum to 1 and respect the mask', () => {
    const model = new GPT(base, 6);
    const trace = new Trace();
    logitsOf(model, ids.slice(0, 5), { trace });
    const acts = trace.readSync();
    expect(acts.get('h.1.attn.weights')!.shape).toEqual([1, 2, 5, 5]);
    expect(acts.get('h.0.mlp.act')!.shape).toEqual([1, 5, 32]);
    expect(acts.get('logits')!.shape).toEqual([1, 5, 11]);
    for (const name of ['tok_emb', 'pos_emb', 'residual.0', 'h.0.attn.q', 'h.0.attn.k', 'h.0.attn.v', 'h.0.attn.scores', 'h.0.attn.out', 'h.1.residual', 'ln_f']) {
      expect(acts.has(name), name).toBe(true);
    }
    const w = acts.get('h.0.attn.weights')!.data;
    for (let row = 0; row < 10; row++) {
      const i = row % 5;
      let s = 0;
      for (let j = 0; j < 5; j++) {
        s += w[row * 5 + j];
        if (j > i) expect(w[row * 5 + j]).toBe(0);
      }
      expect(s).toBeCloseTo(1, 5);
    }
  });

  it('passes a finite-difference gradient check end to end (RoPE, no bias, float64)', () => {
    const c = { ...base, nLayer: 1, positional: 'rope' as const, bias: false };
    const model = new GPT(c, 8);
    const wq = model.namedParameters().get('h.0.attn.c_attn.weight')!;
    const targets = [1, 4, 1, 5, 9];
    const result = gradCheck((w) => {
      // Put the candidate weight into a float64 copy of the model by swapping the parameter tensor's values.
      const m64 = new GPT(c, 8);
      m64.namedParameters().get('h.0.attn.c_attn.weight')!.dispose();
      (m64.h[0].attn.c_attn as unknown as { weight: typeof w }).weight = w;
      return m64.forward(tensor(ids.slice(0, 5), [1, 5]), { targets: tensor(targets, [1, 5]) }).loss!;
    }, [{ shape: wq.shape, values: Array.from(wq.toArray()) }]);
    expect(result.maxRelError).toBeLessThan(1e-5);
  });
});

describe('generation', () => {
  it('greedy decoding is deterministic and equal with and without the KV cache', async () => {
    const model = new GPT({ ...base, blockSize: 6 }, 7);
    const a = await generate(model, [1, 2, 3], { maxNewTokens: 10, temperature: 0 });
    const b = await generate(model, [1, 2, 3], { maxNewTokens: 10, temperature: 0, useCache: false });
    expect(a).toEqual(b); // 13 tokens > block size 6: the cache must restart correctly
    expect(a.length).toBe(10);
  });

  it('seeded sampling repeats; a different seed differs', async () => {
    const model = new GPT(base, 7);
    const s1 = await generate(model, [1], { maxNewTokens: 12, seed: 1 });
    expect(await generate(model, [1], { maxNewTokens: 12, seed: 1 })).toEqual(s1);
    expect(await generate(model, [1], { maxNewTokens: 12, seed: 2 })).not.toEqual(s1);
  });

  it('top-k and top-p keep the right tokens', () => {
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];
    const k2 = filterDistribution(logits, { topK: 2 });
    expect(k2[0]).toBeCloseTo(0.625);
    expect(k2[2]).toBe(0);
    const p = filterDistribution(logits, { topP: 0.75 });
    expect(Array.from(p).map((v) => v > 0)).toEqual([true, true, false, false]);
    const hot = filterDistribution(logits, { temperature: 100 });
    expect(hot[3]).toBeGreaterThan(0.24);
    expect(Array.from(filterDistribution(logits, { temperature: 0 }))).toEqual([1, 0, 0, 0]);
  });

  it('an empty prompt is refused with a clear message', async () => {
    await expect(nextTokenLogits(new GPT(base), [])).rejects.toThrow(/no tokens/);
  });
});

describe('FLOP counter', () => {
  it('matches 2 × parameters (non-embedding) + attention + head per token', () => {
    const c = { ...base, nEmbd: 16 };
    const f = forwardFlopsPerToken(c, 3);
    const C = 16, L = 2;
    expect(f.qkv + f.attnProj + f.mlp).toBe(2 * L * 12 * C * C);
    expect(f.attention).toBe(L * 4 * 4 * C);
    expect(f.head).toBe(2 * C * 11);
    expect(trainingFlopsPerStep(c, 2, 1)).toBe(3 * 2 * forwardFlopsPerToken(c, 0).total);
  });
});

describe('public index', () => {
  it('exports the ops namespace', () => expect(typeof ops.matmul).toBe('function'));
});
