// The worker methods the Embeddings chapter added: word2vec paused and resumed from the model it holds, questions to
// that model, the lookup's three tables, the positions' tables, word order with positions off and on, and the
// contextual comparison; each refusal in words.
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineState } from '../engineState';
import { tinyCheckpoint } from '../testing/tinyCheckpoint';
import { contextCompare } from './contextCompare';
import { contextMap } from './contextMap';
import { embeddingLookup } from './embeddingLookup';
import type { HostServices } from './method';
import { positionTables } from './positionTables';
import { word2vec } from './word2vec';
import { word2vecQuery } from './word2vecQuery';
import { wordOrder } from './wordOrder';

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  state.load('base', new Uint8Array(await tinyCheckpoint()));
});

// Loosely typed on purpose: one helper calls seven methods with different parameter and result types.
type Method = { params: { parse: (raw: unknown, path: string) => any }; run: (p: any, ctx: any) => any };
const call = async (m: Method, raw: Record<string, unknown>, { signal = new AbortController().signal, progress = (_: unknown) => {} } = {}) =>
  m.run(m.params.parse(raw, 'params'), { state, signal, progress, host: {} as HostServices });

const corpus = 'the king and the queen\nthe man and the woman\nthe king is a man\nthe queen is a woman\n'.repeat(20);

describe('word2vec, paused and resumed', () => {
  it('keeps its model on a pause, resumes from the pairs it had seen, and answers neighbours and analogies', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const first = call(word2vec, { corpus, chunkPairs: 200, epochs: 5, holdAs: 'w', subsample: 0 }, {
      signal: controller.signal,
      progress: (p) => {
        seen.push((p as { pairs: number }).pairs);
        if (seen.length === 2) controller.abort();
      },
    });
    await expect(first).rejects.toThrow(/cancelled/);
    const pausedAt = seen.at(-1)!;
    const resumed: number[] = [];
    const done = await call(word2vec, { corpus, chunkPairs: 200, epochs: 5, holdAs: 'w', resume: true, subsample: 0 }, { progress: (p) => resumed.push((p as { pairs: number }).pairs) });
    expect(resumed[0]).toBeGreaterThan(pausedAt); // went on, did not start over
    expect(done.pairs).toBeGreaterThan(pausedAt);

    const answer = await call(word2vecQuery, { name: 'w', query: 'king', analogy: { a: 'man', b: 'king', c: 'woman' } });
    expect(answer.query.neighbours).toHaveLength(8);
    expect(answer.analogy.answers).toHaveLength(5);
    expect(answer.analogy.answers.map((n: { label: string }) => n.label)).not.toContain('␣king');
    await expect(call(word2vecQuery, { name: 'w', query: 'dragon' })).rejects.toThrow(/"dragon" is not among the words/);
    await expect(call(word2vecQuery, { name: 'nothing', query: 'king' })).rejects.toThrow(/No word2vec model is kept/);
  });
});

describe('lookup and positions', () => {
  it('gives token rows, position rows and their sum', async () => {
    const r = await call(embeddingLookup, { key: 'base', text: 'the sun' });
    expect(r.tokens).toHaveLength(7);
    expect(r.width).toBe(16);
    for (let i = 0; i < 7 * 16; i++) expect(r.sum[i]).toBeCloseTo(r.token[i] + r.position[i], 5);
  });

  it("gives the model's learned table, sinusoids at its size, and each table's self-similarity of 1", async () => {
    const r = await call(positionTables, { key: 'base' });
    expect(r.positions).toBe(16);
    expect(r.learned.values).toHaveLength(16 * 16);
    expect(r.sinusoidal.values[16 + 0]).toBeCloseTo(Math.sin(1), 5); // position 1, dimension 0
    for (let t = 0; t < 16; t++) expect(r.learned.similarity[t * 16 + t]).toBeCloseTo(1, 5);
  });
});

describe('word order and context', () => {
  it('without positions gives each token the same output in both orders; with them, not', async () => {
    const r = await call(wordOrder, { key: 'base', first: 'sun is east', second: 'east is sun' });
    expect(r.pairs).toHaveLength(11);
    for (const p of r.pairs) expect(p.differenceOff).toBeLessThan(1e-6);
    expect(Math.max(...r.pairs.map((p: { differenceOn: number }) => p.differenceOn))).toBeGreaterThan(1e-5);
    await expect(call(wordOrder, { key: 'base', first: 'sun', second: 'east' })).rejects.toThrow(/same tokens in another order/);
  });

  it('compares a word across two sentences at every depth, and maps both on one frame per depth', async () => {
    const r = await call(contextCompare, { key: 'base', first: 'the sun is east', second: 'it is the sun', word: 'sun' });
    expect(r.similarity).toHaveLength(3);
    expect(r.similarity[0]).toBeCloseTo(1, 6);
    expect(r.labels.join('')).toBe('␣sun');
    const shallow = await call(contextMap, { key: 'base', texts: ['the sun', 'a sun'], layer: 0, sharedFrame: true });
    const deep = await call(contextMap, { key: 'base', texts: ['the sun', 'a sun'], layer: 2, sharedFrame: true });
    expect(shallow.labels).toEqual(deep.labels);
    expect(shallow.explained).toEqual(deep.explained); // one fit for every depth
    await expect(call(contextCompare, { key: 'base', first: 'the sun', second: 'it is east', word: 'sun' })).rejects.toThrow(/second sentence does not contain/);
  });
});
