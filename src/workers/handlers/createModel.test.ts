// The createModel method: a file from a tokenizer's JSON or a loaded checkpoint's tokenizer, loadable in turn.
import { beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../engine';
import { EngineState, InputError } from '../engineState';
import { tinyCheckpoint, tinyCorpus } from '../testing/tinyCheckpoint';
import { createModel } from './createModel';
import type { HostServices } from './method';

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  state.load('base', new Uint8Array(await tinyCheckpoint()));
});

const call = (raw: Record<string, unknown>) =>
  createModel.run(createModel.params.parse(raw, 'params'), { state, signal: new AbortController().signal, progress: () => {}, host: {} as HostServices });

describe('createModel (worker method)', () => {
  it('makes an untrained base checkpoint with the shipped model\'s tokenizer or a given one, which loads', async () => {
    const made = await call({ config: { nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 8, activation: 'gelu' }, tokenizerOf: 'base', seed: 4, label: 'tiny' });
    const summary = state.load('mine', new Uint8Array(made.bytes));
    expect(summary.meta).toMatchObject({ kind: 'base', label: 'tiny', iter: 0 });
    expect(summary.config).toMatchObject({ nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 8, activation: 'gelu' });
    const base = state.get('base').loaded.tokenizer;
    expect(state.get('mine').loaded.tokenizer.encode(tinyCorpus)).toEqual(base.encode(tinyCorpus));
    const words = CharTokenizer.fromText('abc');
    const fromJson = await call({ config: { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4 }, tokenizer: words.toJSON() });
    expect(fromJson.config.vocabSize).toBe(words.vocabSize);
    expect(fromJson.parameters).toBeGreaterThan(0);
  });

  it('refuses with a reason the reader can act on', async () => {
    await expect(call({ config: {}, tokenizer: CharTokenizer.fromText('a').toJSON(), tokenizerOf: 'base' })).rejects.toThrow(/not both or neither/);
    await expect(call({ config: { nHead: 3, nEmbd: 8 }, tokenizerOf: 'base' })).rejects.toThrow(InputError);
    await expect(call({ config: { nHead: 3, nEmbd: 8 }, tokenizerOf: 'base' })).rejects.toThrow(/divisible/);
    await expect(call({ config: { nLayer: 200, nEmbd: 8192, nHead: 64 }, tokenizerOf: 'base' })).rejects.toThrow(/over the 1.5 GB limit/);
    await expect(call({ config: {}, tokenizer: { format: 'nope' } })).rejects.toThrow(/tokenizer cannot be used/);
    expect(() => createModel.params.parse({ config: { layers: 2 }, tokenizerOf: 'base' }, 'params')).toThrow(/unknown field "layers"/);
  });
});
