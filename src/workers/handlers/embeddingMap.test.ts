// The token map of a GPT-2-sized vocabulary (50,257 rows, narrow here): the PCA is fitted on a seeded sample of
// rows and still places every token where the full fit does when the table is close to low-rank; the method reports
// its progress as it goes, finds neighbours in the full space, and keeps the map for the next query until the
// weights change.
import { beforeAll, describe, expect, it } from 'vitest';
import { GPT, nearestNeighbours, pca, Rng, type PcaProgress } from '../../engine';
import { gpt2FileOf } from '../../engine/model/gpt2/testing/gpt2FileOf';
import { EngineState } from '../engineState';
import { embeddingMap, MAP_SAMPLE_ROWS } from './embeddingMap';
import type { HostServices } from './method';
import { openGpt2 } from './openGpt2';

const V = 50257, C = 32;
const configJson = JSON.stringify({ model_type: 'gpt2', vocab_size: V, n_positions: 8, n_embd: C, n_layer: 1, n_head: 2, activation_function: 'gelu_new' });
const config = { vocabSize: V, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: C, dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh' } as const;

/** A (V, C) table near a 3-D subspace (spreads 5, 2, 1 along random directions) plus small noise. */
function lowRankTable(seed: number): Float32Array {
  const rng = new Rng(seed);
  const basis = Array.from({ length: 3 }, () => Float64Array.from({ length: C }, () => rng.normal() / Math.sqrt(C)));
  const table = new Float32Array(V * C);
  for (let i = 0; i < V; i++) {
    const along = [5, 2, 1].map((s) => s * rng.normal());
    for (let a = 0; a < C; a++) table[i * C + a] = 0.02 * rng.normal() + along[0] * basis[0][a] + along[1] * basis[1][a] + along[2] * basis[2][a];
  }
  return table;
}

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  const file = new Blob([await gpt2FileOf(new GPT(config, 3))]);
  await openGpt2.run(openGpt2.params.parse({ key: 'g', file, config: configJson, label: 'small GPT-2', createdAt: '2026-01-01' }, 'params'),
    { state, signal: new AbortController().signal, progress: () => {}, host: {} as HostServices });
});

async function map(raw: Record<string, unknown>) {
  const events: PcaProgress[] = [];
  const result = await embeddingMap.run(embeddingMap.params.parse({ key: 'g', k: 2, ...raw }, 'params'),
    { state, signal: new AbortController().signal, progress: (e) => events.push(e), host: {} as HostServices });
  return { result, events };
}

describe('embeddingMap on a 50,257-token table', () => {
  it('fits on a sample of rows, draws every token where the full fit would, and finds neighbours in the full space', async () => {
    const table = lowRankTable(4);
    state.get('g').loaded.model.wte.weight.assign(table);
    const { result, events } = await map({ query: 'Hello', neighbours: 6 });
    expect(MAP_SAMPLE_ROWS).toBeLessThan(V); // so the default path samples
    expect(result.labels).toHaveLength(V);
    expect(result.points).toHaveLength(2 * V);

    const full = pca(table, C, 2);
    for (let j = 0; j < 2; j++) expect(Math.abs(result.explained[j] - full.explainedVariance[j])).toBeLessThan(0.01);
    // Same picture up to the sample's error (of order 1/√8192 ≈ 1% of the spread).
    let squared = 0;
    for (let i = 0; i < 2 * V; i++) squared += (result.points[i] - full.projected[i]) ** 2 / V;
    expect(Math.sqrt(squared) / Math.sqrt(full.variance[0])).toBeLessThan(0.03);

    const id = state.get('g').loaded.tokenizer.encode('Hello')[0];
    const want = nearestNeighbours(table, V, C, id, 6).map((n) => state.get('g').loaded.tokenizer.tokenToDisplay(n.index));
    expect(result.query!.neighbours.map((n) => n.label)).toEqual(want);

    // It paused many times on the way, through each stage, ending with every row projected.
    expect(events.filter((e) => e.stage === 'covariance').at(-1)).toEqual({ stage: 'covariance', done: MAP_SAMPLE_ROWS, total: MAP_SAMPLE_ROWS });
    expect(events.at(-1)).toEqual({ stage: 'projection', done: V, total: V });
    expect(events.length).toBeGreaterThan(40);
  });

  it('keeps the map for the next query on the same weights, and fits again once they change', async () => {
    state.get('g').loaded.model.wte.weight.assign(lowRankTable(5));
    const first = await map({ query: 'Hello' });
    const again = await map({ query: ' world' });
    expect(again.events).toEqual([]); // no PCA this time
    expect(Array.from(again.result.points)).toEqual(Array.from(first.result.points));
    expect(again.result.query!.label).not.toBe(first.result.query!.label);

    state.get('g').loaded.model.wte.weight.assign(lowRankTable(6)); // as a training step would
    const changed = await map({ query: ' world' });
    expect(changed.events.length).toBeGreaterThan(0);
    expect(Array.from(changed.result.points)).not.toEqual(Array.from(first.result.points));
  });

  it('stops between steps when cancelled', async () => {
    state.get('g').loaded.model.wte.weight.assign(lowRankTable(7));
    const controller = new AbortController();
    const run = embeddingMap.run(embeddingMap.params.parse({ key: 'g', k: 2 }, 'params'),
      { state, signal: controller.signal, progress: () => controller.abort(), host: {} as HostServices });
    await expect(run).rejects.toThrow(/cancelled/);
  });
});
