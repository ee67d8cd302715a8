// The openGpt2 method: a GPT-2 file becomes a model in the engine with no checkpoint bytes made or kept (the
// memory-only route for a 124M model), computing the file's float32 weights exactly; a backend switch re-reads it
// from the File; a wrong file is refused with a reason and nothing is kept.
import { describe, expect, it } from 'vitest';
import { createJsBackend, GPT, noGrad, tensor, type GPT as Model } from '../../engine';
import { gpt2FileOf } from '../../engine/model/gpt2/testing/gpt2FileOf';
import { EngineState, InputError } from '../engineState';
import type { HostServices } from './method';
import { openGpt2 } from './openGpt2';

const config = { vocabSize: 50257, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh' } as const;
const configJson = JSON.stringify({ model_type: 'gpt2', vocab_size: 50257, n_positions: 8, n_embd: 32, n_layer: 1, n_head: 2, activation_function: 'gelu_new' });
// nEmbd 32: the token table (6.4 MB) is past loadGpt2's 4 MB slice, so it is read in slices.
const ids = () => tensor([15496, 995, 11, 50256], [1, 4]);

const logitsOf = (m: Model) => noGrad(() => m.forward(ids()).logits).data();

async function worstDiff(want: ArrayLike<number>, b: Model): Promise<number> {
  const got = await noGrad(() => b.forward(ids()).logits).data();
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
  return worst;
}

describe('openGpt2 (worker method)', () => {
  it('builds the model straight from the file, keeps no bytes, and rebuilds it from the file on a backend switch', async () => {
    const state = new EngineState();
    const events: { stage: string; read: number; total: number }[] = [];
    const original = new GPT(config, 7);
    const file = new Blob([await gpt2FileOf(original)]);
    const made = await openGpt2.run(openGpt2.params.parse({ key: 'g', file, config: configJson, label: 'mine', createdAt: '2026-01-01' }, 'params'),
      { state, signal: new AbortController().signal, progress: (e) => events.push(e), host: {} as HostServices });
    expect(made.summary).toMatchObject({ key: 'g', tokenizer: { kind: 'ranked', vocabSize: 50257 }, meta: { kind: 'base', label: 'mine' } });
    expect(made.configSource).toBe('config.json');
    expect(events.at(-1)!.read).toBe(events.at(-1)!.total);
    const slot = state.get('g');
    expect(slot.bytes).toBeNull(); // the point: no copy of the file's bytes beside the model
    expect(slot.loaded.tokenizer.encode('Hello world')).toEqual([15496, 995]);
    const want = await logitsOf(original); // before the switch: the original lives on the backend being replaced
    original.dispose();
    expect(await worstDiff(want, slot.loaded.model)).toBeLessThan(1e-5); // float32, not rounded to float16

    const before = slot.loaded.model;
    await state.switchBackend(createJsBackend('float32'), { name: 'js', description: 'js', reason: 'test', options: [] });
    const after = state.get('g').loaded.model;
    expect(after).not.toBe(before);
    expect(await worstDiff(want, after)).toBeLessThan(1e-5);
  });

  it('refuses a file that is not a GPT-2 model, saying why, and keeps nothing', async () => {
    const state = new EngineState();
    const run = (file: Blob) => openGpt2.run(openGpt2.params.parse({ key: 'bad', file, label: 'x', createdAt: 'now' }, 'params'),
      { state, signal: new AbortController().signal, progress: () => {}, host: {} as HostServices });
    await expect(run(new Blob(['hello, not a model at all']))).rejects.toThrow(InputError);
    expect(() => state.get('bad')).toThrow(/no checkpoint "bad"/);
  });
});
