// Building a model from a checkpoint read in slices from a Blob (loadModelFromSource) gives the model loadModel
// builds from the same bytes, whatever the slice size (slices smaller than a tensor, a value never split), with its
// optimizer moments; a corrupted, truncated or non-finite file is refused with loadModel's reasons.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { blobSource } from '../model/gpt2/safetensors';
import { AdamW } from '../optim/adamw';
import { CharTokenizer } from '../tokenizer';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { loadModel, saveModel } from './modelFile';
import { loadModelFromSource } from './modelSource';

const config = { vocabSize: 12, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as const };
const tokenizer = CharTokenizer.fromText('hello world!');
const meta = { kind: 'base', label: 'sliced', createdAt: '2026-12-02T00:00:00Z', iter: 3 };
const fromBlob = (bytes: Uint8Array, sliceBytes?: number) => loadModelFromSource(blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>])), sliceBytes);

describe('loadModelFromSource (a checkpoint read in slices)', () => {
  for (const dtype of ['float32', 'float16'] as const) {
    for (const sliceBytes of [16, 100, 4 * 2 ** 20]) {
      it(`builds what loadModel builds (${dtype}, slices of ${sliceBytes} bytes), optimizer moments included`, async () => {
        const model = new GPT(config, 5);
        const opt = new AdamW(model.parameters(), { lr: 1e-3 });
        opt.stepCount = 4;
        const bytes = await saveModel(model, tokenizer, meta, { dtype, optimizer: dtype === 'float32' ? opt : undefined });
        const want = loadModel(bytes);
        const got = await fromBlob(bytes, sliceBytes);
        expect(got.meta).toEqual(want.meta);
        expect(got.tokenizer.encode('hello')).toEqual(want.tokenizer.encode('hello'));
        for (const [name, p] of want.model.namedParameters()) {
          expect(Array.from(got.model.namedParameters().get(name)!.toArray()), name).toEqual(Array.from(p.toArray()));
        }
        expect(got.optimizerState?.stepCount).toBe(want.optimizerState?.stepCount);
        expect(got.optimizerState?.m.map((m) => Array.from(m))).toEqual(want.optimizerState?.m.map((m) => Array.from(m)));
        expect(got.optimizerState?.v.map((v) => Array.from(v))).toEqual(want.optimizerState?.v.map((v) => Array.from(v)));
        for (const m of [model, want.model, got.model]) m.dispose();
      });
    }
  }

  it('refuses a corrupted, truncated or non-finite file, or one that is not a checkpoint, with loadModel\'s reason', async () => {
    const bytes = await saveModel(new GPT(config, 6), tokenizer, meta);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 3] ^= 0xff;
    await expect(fromBlob(corrupted, 64)).rejects.toThrow(/checksum/);
    await expect(fromBlob(bytes.subarray(0, bytes.length - 40), 64)).rejects.toThrow(/inconsistent entry|checksum/);
    await expect(fromBlob(bytes.subarray(0, 20))).rejects.toThrow(/truncated/);
    await expect(fromBlob(new TextEncoder().encode('not a checkpoint at all'))).rejects.toThrow(/signature/);
    await expect(fromBlob(new Uint8Array(3))).rejects.toThrow(/too short/);

    const contents = decodeCheckpoint(bytes);
    contents.tensors.get('h.0.mlp.c_fc.weight')!.data[37] = NaN;
    const poisoned = encodeCheckpoint(contents);
    expect(() => loadModel(poisoned)).toThrow(/"h.0.mlp.c_fc.weight" holds NaN at index 37/);
    // Slices of 64 bytes: index 37 lies in the third slice of the tensor, and is still named as 37.
    await expect(fromBlob(poisoned, 64)).rejects.toThrow(/"h.0.mlp.c_fc.weight" holds NaN at index 37/);
  });
});
