// The importGpt2 method: a GPT-2 file (read from a Blob in slices) becomes a checkpoint with GPT-2's tokenizer that
// loads like any other and computes what the file's weights compute; wrong files are refused with a reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GPT, noGrad, tensor } from '../../engine';
import { gpt2FileOf } from '../../engine/model/gpt2/testing/gpt2FileOf';
import { contentHash } from '../contentHash';
import { EngineState, InputError } from '../engineState';
import { importGpt2 } from './importGpt2';
import type { HostServices } from './method';

const state = new EngineState();
const events: { stage: string; read: number; total: number }[] = [];
const call = (raw: Record<string, unknown>) => importGpt2.run(importGpt2.params.parse(raw, 'params'),
  { state, signal: new AbortController().signal, progress: (e) => events.push(e), host: {} as HostServices });

const config = { vocabSize: 50257, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh' } as const;
const configJson = JSON.stringify({ model_type: 'gpt2', vocab_size: 50257, n_positions: 8, n_embd: 8, n_layer: 1, n_head: 2, activation_function: 'gelu_new' });

describe('importGpt2 (worker method)', () => {
  it('turns a GPT-2 file into a checkpoint with GPT-2\'s tokenizer that computes the same logits', async () => {
    const original = new GPT(config, 5);
    const file = new Blob([await gpt2FileOf(original)]);
    const made = await call({ file, config: configJson, label: 'my GPT-2' });
    expect(made).toMatchObject({ savedAs: 'float32', storedAs: 'float32', configSource: 'config.json', note: null });
    expect(events.at(-2)).toMatchObject({ stage: 'reading' });
    expect(events.at(-2)!.read).toBe(events.at(-2)!.total);

    // The checkpoint comes as a Blob with its SHA-256, so the page can store it and check for twins without its bytes.
    expect(made.file).toBeInstanceOf(Blob);
    expect(made.hash).toBe(await contentHash(new Uint8Array(await made.file.arrayBuffer())));
    const summary = await (await import('./loadCheckpoint')).loadCheckpoint.run({ key: 'gpt2', bytes: undefined, blob: made.file },
      { state, signal: new AbortController().signal, progress: () => {}, host: {} as HostServices });
    expect(summary.tokenizer).toEqual({ kind: 'ranked', vocabSize: 50257 });
    expect(summary.meta.label).toBe('my GPT-2');
    const { model, tokenizer } = state.get('gpt2').loaded;
    expect(tokenizer.encode('Hello world')).toEqual([15496, 995]);
    const ids = tensor([15496, 995, 11, 50256], [1, 4]);
    const want = await noGrad(() => original.forward(ids).logits).data();
    const got = await noGrad(() => model.forward(ids).logits).data();
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
    expect(worst).toBeLessThan(1e-5);
    original.dispose();
  });

  it('refuses a file that is not GPT-2, or whose vocabulary is not GPT-2\'s, saying why', async () => {
    const tiny = new Blob([readFileSync(new URL('../../../tests/fixtures/gpt2/tiny.safetensors', import.meta.url))]);
    const tinyConfig = readFileSync(new URL('../../../tests/fixtures/gpt2/config.json', import.meta.url), 'utf8');
    await expect(call({ file: tiny, config: tinyConfig, label: 'x' })).rejects.toThrow(/97 tokens.*50257/);
    await expect(call({ file: new Blob(['hello, not a model at all']), label: 'x' })).rejects.toThrow(InputError);
    await expect(call({ file: new Blob(['hello, not a model at all']), label: 'x' })).rejects.toThrow(/safetensors/);
    expect(() => importGpt2.params.parse({ file: new Uint8Array(4).buffer, label: 'x' }, 'params')).toThrow(/a file/);
  });
});
