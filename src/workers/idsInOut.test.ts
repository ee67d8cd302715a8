// Inspect and generate over the worker protocol with token ids in and out: a prompt given as ids, forced tokens,
// one seed stream shared by both methods, every sampling stage with the cut tokens marked, and bad input refused.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamsOf, ProgressOf, ResultOf } from './protocol';
import { hostHarness } from './testing/hostHarness';
import { tinyCheckpoint } from './testing/tinyCheckpoint';

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

/** The shared host harness with the tiny checkpoint loaded, and defaults for the settings a test does not vary. */
async function worker() {
  const harness = hostHarness();
  await harness.result('loadCheckpoint', { key: 'base', bytes });
  return {
    call: async (method: 'inspect' | 'generate', params: object) => ({ answer: await harness.call(method, params as never).done }),
    inspect: (p: Partial<ParamsOf<'inspect'>>) => harness.result('inspect', { key: 'base', temperature: 1, seed: 1, topCount: 5, ...p }),
    generate: async (p: Partial<ParamsOf<'generate'>>) => {
      const run = harness.call('generate', { key: 'base', temperature: 1, seed: 1, maxNewTokens: 4, ...p });
      const answer = await run.done;
      if (answer.kind === 'error') throw new Error(`${answer.error.name}: ${answer.error.message}`);
      return { result: answer.result as ResultOf<'generate'>, tokens: run.progress() as ProgressOf<'generate'>[] };
    },
  };
}

describe('ids in, ids out', () => {
  it('inspects a prompt given as ids exactly as the same prompt given as text', async () => {
    const w = await worker();
    const fromText = await w.inspect({ text: 'ROMEO: But' });
    expect(fromText.ids).toHaveLength(10);
    expect(await w.inspect({ ids: fromText.ids })).toEqual(fromText);
  });

  it('draws the same token for a seed in inspect and generate, and a step-by-step loop equals one generate call', async () => {
    const w = await worker();
    const settings = { temperature: 1.2, topK: 12, topP: 0.95, minP: 0.01, seed: 9 };
    const { result, tokens } = await w.generate({ text: 'ROMEO:', maxNewTokens: 6, ...settings });
    const ids = [...result.promptIds];
    for (let n = 0; n < 6; n++) ids.push((await w.inspect({ ids, ...settings })).chosen.id);
    expect(ids.slice(result.promptIds.length)).toEqual(result.ids);
    expect(tokens.map((t) => t.position)).toEqual([6, 7, 8, 9, 10, 11]);
  });

  it('takes forced tokens first, then samples as if they had been the prompt', async () => {
    const w = await worker();
    const prompt = (await w.inspect({ text: 'ROMEO:' })).ids;
    const forced = (await w.inspect({ text: 'ss' })).ids;
    const { result, tokens } = await w.generate({ ids: prompt, forced, maxNewTokens: 5 });
    expect(tokens.map((t) => t.forced)).toEqual([true, true, false, false, false]);
    expect(result.ids.slice(0, 2)).toEqual(forced);
    expect(result.ids.slice(2)).toEqual((await w.generate({ ids: [...prompt, ...forced], maxNewTokens: 3 })).result.ids);
  });

  it('reports every stage of the distribution, the cut tokens marked, and the full vectors on request', async () => {
    const w = await worker();
    const r = await w.inspect({ text: 'ROMEO:', topK: 2, topCount: 6, full: true });
    const { top, summary, full } = r.distribution;
    expect(top.map((t) => t.cut)).toEqual(['kept', 'kept', 'topK', 'topK', 'topK', 'topK']);
    expect(top[0].probability + top[1].probability).toBeCloseTo(1, 6);
    expect(top.slice(2).every((t) => t.probability === 0 && t.model > 0)).toBe(true);
    expect(top.map((t) => t.logit)).toEqual([...top.map((t) => t.logit)].sort((a, b) => b - a));
    expect(summary).toMatchObject({ kept: 2, vocabSize: full!.logits.length });
    expect(summary.keptMass).toBeCloseTo(top[0].tempered + top[1].tempered, 6);
    expect(summary.entropy.model).toBeLessThanOrEqual(Math.log(summary.vocabSize));
    expect(full!.logits).toBeInstanceOf(Float32Array);
    expect(full!.filtered.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(full!.cut.filter((c) => c === 0)).toHaveLength(2);
    expect(top.every((t) => Math.fround(t.logit) === full!.logits[t.id])).toBe(true);
  });

  it('with temperature 0 takes the most likely token, in inspect and in generate', async () => {
    const w = await worker();
    const r = await w.inspect({ text: 'ROMEO:', temperature: 0 });
    expect(r.chosen.id).toBe(r.distribution.top[0].id);
    expect(r.distribution.top.slice(1).every((t) => t.cut === 'greedy')).toBe(true);
    const { tokens } = await w.generate({ text: 'ROMEO:', temperature: 0 });
    expect(tokens.every((t) => t.id === t.top[0].id && t.top[0].probability === 1)).toBe(true);
  });

  it('refuses ids outside the vocabulary, a prompt given twice and impossible settings, naming them', async () => {
    const w = await worker();
    const base = { inspect: { topCount: 3 }, generate: { maxNewTokens: 2 } };
    const refused = async (method: 'inspect' | 'generate', params: object) =>
      (await w.call(method, { key: 'base', temperature: 1, seed: 1, ...base[method], ...params })).answer;
    expect(await refused('inspect', { ids: [1, 999] })).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/params\.ids: token id 999 is not a token: ids run from 0 to/) } });
    expect(await refused('generate', { ids: [1], forced: [1.5] })).toMatchObject({ error: { name: 'InputError', message: expect.stringMatching(/params\.forced\[0\] must be a whole number/) } });
    expect(await refused('inspect', { ids: [1], text: 'R' })).toMatchObject({ error: { name: 'InputError', message: expect.stringMatching(/text or as token ids, not both/) } });
    expect(await refused('generate', { text: 'R', topP: 2 })).toMatchObject({ error: { name: 'InputError', message: 'params.topP must be a finite number from 0 to 1; got 2.' } });
    // Past the schema, the engine's own check: top-p 0 would keep nothing.
    expect(await refused('generate', { text: 'R', topP: 0 })).toMatchObject({ error: { name: 'InputError', message: expect.stringMatching(/^topP must be in \(0, 1\]/) } });
    expect(await refused('inspect', { text: 'R', topP: 0 })).toMatchObject({ error: { name: 'InputError', message: expect.stringMatching(/^topP must be in \(0, 1\]/) } });
    expect(await refused('inspect', { text: 'R', temperature: -1 })).toMatchObject({ error: { name: 'InputError', message: 'params.temperature must be a finite number from 0 to 100; got -1.' } });
  });
});
