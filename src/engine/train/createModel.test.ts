import { describe, expect, it } from 'vitest';
import { createModel } from './createModel';
import { loadModel } from './modelFile';
import { BpeTokenizer, CharTokenizer, trainBpe, WordTokenizer } from '../tokenizer';
import { countParameters } from '../model/gptConfig';

const text = 'To be, or not to be, that is the question. Whether tis nobler in the mind to suffer. ';
const chars = CharTokenizer.fromText(text);
const shape = { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, positional: 'rope' as const, activation: 'gelu_tanh' as const };

describe('createModel', () => {
  it('writes a seeded, untrained base checkpoint with the tokenizer, loadable like any file', async () => {
    const made = await createModel({ config: shape, tokenizer: chars.toJSON(), seed: 9, label: 'mine', createdAt: '2026-12-01T00:00:00Z' });
    const again = await createModel({ config: shape, tokenizer: chars, seed: 9, label: 'mine', createdAt: '2026-12-01T00:00:00Z' });
    expect(Array.from(again.bytes)).toEqual(Array.from(made.bytes)); // same seed, same file
    const other = await createModel({ config: shape, tokenizer: chars, seed: 10, createdAt: '2026-12-01T00:00:00Z' });
    expect(Array.from(other.bytes)).not.toEqual(Array.from(made.bytes));
    const loaded = loadModel(made.bytes);
    expect(loaded.meta).toMatchObject({ kind: 'base', label: 'mine', iter: 0, notes: { untrained: true, seed: 9 } });
    expect(loaded.model.config).toEqual({ ...shape, vocabSize: chars.vocabSize, dropout: 0, bias: false });
    expect(loaded.tokenizer.encode(text)).toEqual(chars.encode(text));
    expect(made.parameters).toBe(countParameters(loaded.model.config));
    expect(loaded.optimizerState).toBeNull();
  });

  it('takes a word-level tokenizer too: the checkpoint keeps its vocabulary and <unk>', async () => {
    const words = WordTokenizer.fromText(text, { maxWords: 12 });
    const { bytes, config } = await createModel({ config: { nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 8 }, tokenizer: words.toJSON() });
    const loaded = loadModel(bytes);
    expect(config.vocabSize).toBe(words.vocabSize);
    expect(loaded.tokenizer).toBeInstanceOf(WordTokenizer);
    expect(loaded.tokenizer.encode(' question zebra')).toEqual(words.encode(' question zebra'));
    expect(loaded.tokenizer.decode(words.encode(' to be zebra'))).toBe(' to be<unk>');
  });

  it('takes a trained BPE tokenizer and defaults the rest of the shape (exact GELU, learned positions)', async () => {
    const bpe = trainBpe(text.repeat(4), { vocabSize: 270 });
    const { bytes, config } = await createModel({ config: { nLayer: 1 }, tokenizer: bpe.toJSON() });
    expect(config).toMatchObject({ nLayer: 1, nHead: 4, nEmbd: 128, activation: 'gelu', positional: 'learned', vocabSize: bpe.vocabSize });
    expect(loadModel(bytes).tokenizer).toBeInstanceOf(BpeTokenizer);
  });

  it('refuses, naming the problem, before allocating anything', async () => {
    await expect(createModel({ config: shape, tokenizer: { kind: 'char' } })).rejects.toThrow(/tokenizer cannot be used/);
    await expect(createModel({ config: { ...shape, nLayers: 3 } as never, tokenizer: chars })).rejects.toThrow(/unknown key "nLayers"/);
    await expect(createModel({ config: { vocabSize: 5 } as never, tokenizer: chars })).rejects.toThrow(/vocabSize comes from the tokenizer/);
    await expect(createModel({ config: { nHead: 3 }, tokenizer: chars })).rejects.toThrow(/divisible/);
    await expect(createModel({ config: { nLayer: 96, nEmbd: 4096, nHead: 32 }, tokenizer: chars }))
      .rejects.toThrow(/would need about [\d.]+ GB \([\d,]+ bytes\) to train, over the 1.5 GB limit/);
  });
});
