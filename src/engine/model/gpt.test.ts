import { describe, it, expect } from 'vitest';
import { GPT } from './gpt';
import { Trace, type TraceSite } from '../nn/trace';
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

  it('traces every site with its shape; attention weights rows sum to 1 and respect the mask', () => {
    const model = new GPT(base, 6);
    const trace = new Trace();
    const T = 5, C = base.nEmbd, nh = base.nHead, hs = C / nh;
    logitsOf(model, ids.slice(0, T), { trace });
    const acts = trace.readSync();
    const shapes: Record<TraceSite, number[]> = {
      tok_emb: [1, T, C], pos_emb: [T, C], emb: [1, T, C], ln_f: [1, T, C], logits: [1, T, 11],
      ln_1: [1, T, C], 'attn.q': [1, nh, T, hs], 'attn.k': [1, nh, T, hs], 'attn.v': [1, nh, T, hs],
      'attn.scores': [1, nh, T, T], 'attn.weights': [1, nh, T, T], 'attn.heads': [1, nh, T, hs], 'attn.out': [1, T, C],
      resid_attn: [1, T, C], ln_2: [1, T, C], 'mlp.act': [1, T, 4 * C], resid_mlp: [1, T, C],
    };
    const blockSites = Object.keys(shapes).filter((site) => !['tok_emb', 'pos_emb', 'emb', 'ln_f', 'logits'].includes(site));
    expect(acts.size).toBe(5 + base.nLayer * blockSites.length);
    for (const [site, shape] of Object.entries(shapes) as [TraceSite, number[]][]) {
      const layers = blockSites.includes(site) ? [0, 1] : [undefined];
      for (const layer of layers) expect(acts.require({ site, layer }).shape, `${site} ${layer}`).toEqual(shape);
    }
    // The residual stream: emb + attention branch = resid_attn, and the last block's output through ln_f is ln_f.
    const emb = acts.require({ site: 'emb' }).data, tok = acts.require({ site: 'tok_emb' }).data;
    const pos = acts.require({ site: 'pos_emb' }).data;
    emb.forEach((v, i) => expect(v).toBeCloseTo(tok[i] + pos[i], 6));
    // Each head's output is the matching slice of the concatenated heads.
    const heads = acts.require({ site: 'attn.heads', layer: 1 }).data, out = acts.require({ site: 'attn.out', layer: 1 }).data;
    for (let h = 0; h < nh; h++) for (let t = 0; t < T; t++) for (let d = 0; d < hs; d++) {
      expect(out[t * C + h * hs + d]).toBe(heads[(h * T + t) * hs + d]);
    }
    const w = acts.require({ site: 'attn.weights', layer: 0 }).data;
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

  it('keeps only what the selectors ask for', () => {
    const model = new GPT(base, 6);
    const trace = new Trace([{ site: 'attn.weights', layer: 1 }, { site: ['ln_1', 'ln_2'], layer: [0] }, { site: 'emb' }]);
    logitsOf(model, ids.slice(0, 4), { trace });
    const keys = trace.readSync().keys().map((k) => `${k.site}${k.layer ?? ''}`).sort();
    expect(keys).toEqual(['attn.weights1', 'emb', 'ln_10', 'ln_20']);
  });

  it('per-row ablations equal the same ablations run one at a time', () => {
    const model = new GPT(base, 9);
    const ablations = [{}, { heads: [[0, 1], [1, 1]] }, { attn: [1, 0] }, { mlp: [0, 1] }, { heads: [[1, 1], [0, 0]], mlp: [1, 0] }];
    const row = ids.slice(0, 6);
    const batched = tidy(() => noGrad(() => model.forward(tensor(ablations.flatMap(() => row), [ablations.length, row.length]), { ablation: ablations }).logits.toArray()));
    const n = row.length * 11;
    ablations.forEach((ablation, r) => {
      const single = logitsOf(model, row, { ablation });
      single.forEach((v, i) => expect(batched[r * n + i]).toBeCloseTo(v, 5));
    });
    expect(batched.slice(2 * n, 3 * n).some((v, i) => Math.abs(v - batched[i]) > 1e-4)).toBe(true);
    expect(() => logitsOf(model, row, { ablation: { heads: [[1, 1]] } })).toThrow(/one row per layer \(2\)/);
    expect(() => logitsOf(model, row, { ablation: [{}, {}] })).toThrow(/one per row \(1\)/);
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
