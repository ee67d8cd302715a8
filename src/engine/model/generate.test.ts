import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../backends/js/jsBackend';
import { forwardFlops, forwardFlopsPerToken } from '../flops';
import { withBackend } from '../runtime';
import { generate, nextTokenLogits, type GeneratedToken, type GenerateOptions } from './generate';
import { GPT } from './gpt';
import type { GPTConfig, PositionalScheme } from './gptConfig';
import { argmax, distribution, drawToken } from './sampling';

const config = (positional: PositionalScheme): GPTConfig =>
  ({ vocabSize: 13, blockSize: 6, nLayer: 2, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional });
// float64: a draw then depends on the logits only, not on the rounding of one summation order or another.
const model64 = (positional: PositionalScheme = 'learned', seed = 5) =>
  withBackend(createJsBackend('float64'), () => new GPT(config(positional), seed));

async function steps(model: GPT, prompt: number[], o: GenerateOptions): Promise<GeneratedToken[]> {
  const out: GeneratedToken[] = [];
  await generate(model, prompt, { ...o, onToken: (s) => { out.push(s); } });
  return out;
}

describe('generate', () => {
  it('gives the same logits with a KV cache as recomputing, past the end of the window too', async () => {
    for (const positional of ['learned', 'rope', 'sinusoidal'] as const) {
      const model = model64(positional);
      const o = { maxNewTokens: 9, temperature: 0.8, seed: 3 }; // 3 + 9 tokens > block size 6: the window slides
      const cached = await steps(model, [1, 2, 3], o);
      const recomputed = await steps(model, [1, 2, 3], { ...o, useCache: false });
      expect(cached.map((s) => s.id)).toEqual(recomputed.map((s) => s.id));
      cached.forEach((s, i) => s.logits.forEach((v, j) => expect(v).toBeCloseTo(recomputed[i].logits[j], 10)));
    }
  });

  it('draws what a step-by-step loop draws: logits of the context, then the seed at that position', async () => {
    const model = model64();
    const o = { temperature: 1.3, topK: 8, topP: 0.9, minP: 0.05, seed: 11 };
    const prompt = [4, 7];
    const ids = [...prompt];
    for (let n = 0; n < 10; n++) {
      const dist = distribution(await nextTokenLogits(model, ids), o);
      ids.push(drawToken(dist.filtered, o.seed, ids.length));
    }
    expect(await generate(model, prompt, { ...o, maxNewTokens: 10 })).toEqual(ids.slice(prompt.length));
  });

  it('takes forced tokens first, then draws as if they had been part of the prompt', async () => {
    const model = model64();
    const o = { temperature: 1, seed: 2 };
    const run = await steps(model, [1], { ...o, maxNewTokens: 7, forced: [9, 9] });
    expect(run.map((s) => [s.id, s.forced, s.position])).toEqual(
      [[9, true, 1], [9, true, 2], ...run.slice(2).map((s, i) => [s.id, false, 3 + i])],
    );
    expect(run.slice(2).map((s) => s.id)).toEqual(await generate(model, [1, 9, 9], { ...o, maxNewTokens: 5 }));
    // A forced token comes with the distribution the model gave it: the teaching point of forcing.
    expect(run[0].distribution.model[9]).toBeGreaterThan(0);
  });

  it('with temperature 0 always takes the most likely token', async () => {
    const model = model64();
    const run = await steps(model, [1, 2], { maxNewTokens: 8, temperature: 0 });
    for (const s of run) expect(s.id).toBe(argmax(s.logits));
  });

  it('reports the FLOPs of each forward pass: one position with a cache, the whole context without', async () => {
    const model = model64();
    const c = model.config;
    const cached = await steps(model, [1, 2, 3], { maxNewTokens: 5, temperature: 0 });
    // The prompt's pass reads 3 positions; then one each until the window (6) is full and slides.
    expect(cached.map((s) => s.flops)).toEqual([
      forwardFlops(c, { cached: 0, fresh: 3 }), forwardFlopsPerToken(c, 3), forwardFlopsPerToken(c, 4),
      forwardFlopsPerToken(c, 5), forwardFlops(c, { cached: 0, fresh: 6 }),
    ]);
    const recomputed = await steps(model, [1, 2, 3], { maxNewTokens: 2, temperature: 0, useCache: false });
    expect(recomputed.map((s) => s.flops)).toEqual([forwardFlops(c, { cached: 0, fresh: 3 }), forwardFlops(c, { cached: 0, fresh: 4 })]);
  });

  it('refuses ids outside the vocabulary, too many forced tokens and bad settings, before any work', async () => {
    const model = model64();
    await expect(generate(model, [1, 13], { maxNewTokens: 2 })).rejects.toThrow(/prompt token id 13 is not a token: ids run from 0 to 12/);
    await expect(generate(model, [1], { maxNewTokens: 2, forced: [-1] })).rejects.toThrow(/forced token id -1/);
    await expect(generate(model, [1], { maxNewTokens: 1, forced: [2, 3] })).rejects.toThrow(/2 forced tokens do not fit/);
    await expect(generate(model, [1], { maxNewTokens: 1, topP: 2 })).rejects.toThrow(/topP/);
    await expect(nextTokenLogits(model, [])).rejects.toThrow(/no tokens/);
  });
});
