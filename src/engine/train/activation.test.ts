// The activation a checkpoint records: new models use exact GELU, files written before the field existed (the
// shipped model among them) were trained with the tanh approximation and must keep giving the same logits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { CharTokenizer } from '../tokenizer';
import { createJsBackend } from '../backends/js/jsBackend';
import { noGrad, withBackend } from '../runtime';
import { tensor } from '../tensor';
import { loadModel, saveModel } from './modelFile';
import { withEditedHeader } from '../testing/checkpointBytes';

const config = { vocabSize: 12, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as const };
const tokenizer = CharTokenizer.fromText('hello world!');
const meta = { kind: 'base', label: 'test', createdAt: '2026-12-01T00:00:00Z', iter: 0 };

const withHeaderConfig = (bytes: Uint8Array, edit: (config: Record<string, unknown>) => void) =>
  withEditedHeader(bytes, (header) => edit(header.config));

describe('the activation a checkpoint records', () => {
  it('new models use exact GELU and their files say so', async () => {
    const model = new GPT(config, 3);
    expect(model.config.activation).toBe('gelu');
    const loaded = loadModel(await saveModel(model, tokenizer, meta));
    expect(loaded.model.config.activation).toBe('gelu');
    const tanh = loadModel(await saveModel(new GPT({ ...config, activation: 'gelu_tanh' }, 3), tokenizer, meta));
    expect(tanh.model.config.activation).toBe('gelu_tanh');
  });

  it('a file without the field reads as the tanh GELU it was trained with', async () => {
    const bytes = await saveModel(new GPT(config, 3), tokenizer, meta);
    const legacy = withHeaderConfig(bytes, (c) => { delete c.activation; });
    expect(loadModel(legacy).model.config.activation).toBe('gelu_tanh');
    expect(() => loadModel(withHeaderConfig(bytes, (c) => { c.activation = 'relu'; }))).toThrow(/activation must be one of gelu, gelu_tanh/);
  });

  it('the shipped model loads as tanh GELU and gives the logits it gave before the field existed', () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../../public/models/default.tbt', import.meta.url)));
    withBackend(createJsBackend('float32'), () => {
      const { model, tokenizer: shipped } = loadModel(bytes);
      expect(model.config.activation).toBe('gelu_tanh');
      const ids = shipped.encode('ROMEO:\nWhat light through yonder window breaks?');
      const logits = noGrad(() => model.forward(tensor(ids, [1, ids.length])).logits);
      const V = logits.shape[2], last = logits.toArray().slice((ids.length - 1) * V, (ids.length - 1) * V + 8);
      // Recorded with the engine at commit d319a7c (before GPTConfig.activation), js float32 backend.
      const before = [-8.4728422164917, -8.454442024230957, -8.635283470153809, -8.684453964233398, -8.391196250915527,
        -8.44109058380127, -8.532090187072754, -8.289044380187988];
      for (let i = 0; i < 8; i++) expect(Math.abs(last[i] - before[i])).toBeLessThan(1e-5);
    });
  });
});
