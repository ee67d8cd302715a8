// Writing a checkpoint tensor by tensor (writeCheckpoint) and reading it tensor by tensor (openCheckpoint), the
// way a 124M GPT-2 goes from the reader's file into the lab without a second copy of its weights: the bytes are
// the same as the all-at-once encoder's, values are read only when asked, and a bad value is still refused.
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../tokenizer';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, openCheckpoint, writeCheckpoint, writeCheckpointBlob } from './checkpoint';
import { loadModel } from './modelFile';
import { GPT } from '../model/gpt';

const config = { vocabSize: 12, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as const };
const tokenizer = CharTokenizer.fromText('hello world!').toJSON();
const meta = { kind: 'base', label: 'streamed', createdAt: '2026-12-02T00:00:00Z', iter: 0 };

function tensorsOf(model: GPT) {
  return new Map([...model.namedParameters()].map(([name, p]) => [name, { shape: [...p.shape], data: Float32Array.from(p.toArray()) }]));
}

describe('checkpoint written and read tensor by tensor', () => {
  for (const dtype of ['float32', 'float16'] as const) {
    it(`writeCheckpoint gives the same file as encodeCheckpoint (${dtype}), asking for each tensor once, in order`, async () => {
      const tensors = tensorsOf(new GPT(config, 3));
      const asked: string[] = [];
      const streamed = await writeCheckpoint({ config, tokenizer, meta }, [...tensors].map(([name, t]) => ({
        name, shape: t.shape, values: async () => (asked.push(name), t.data),
      })), { dtype });
      expect(asked).toEqual([...tensors.keys()]);
      expect(Array.from(streamed)).toEqual(Array.from(encodeCheckpoint({ config, tokenizer, meta, tensors }, { dtype })));
      const back = decodeCheckpoint(streamed);
      const wte = back.tensors.get('wte.weight')!.data, original = tensors.get('wte.weight')!.data;
      for (let i = 0; i < wte.length; i++) expect(Math.abs(wte[i] - original[i])).toBeLessThanOrEqual(dtype === 'float32' ? 0 : Math.abs(original[i]) * 2 ** -11 + 1e-7);
    });
  }

  for (const dtype of ['float32', 'float16'] as const) {
    it(`writeCheckpointBlob makes the same file as a Blob (${dtype}), tensors of sizes that need padding included`, async () => {
      // nEmbd 6 and 12 tokens: bias vectors of 6 float16 values (12 bytes) and a 2×6 block that need no padding, ln, padded to 4 bytes in the data section.
      const odd = { ...config, nEmbd: 6, nHead: 2 };
      const tensors = tensorsOf(new GPT(odd, 8));
      const sources = [...tensors].map(([name, t]) => ({ name, shape: t.shape, values: () => t.data }));
      const bytes = await writeCheckpoint({ config: odd, tokenizer, meta }, sources, { dtype });
      // Slices of 8 bytes split every tensor; 4 MB holds each whole.
      for (const sliceBytes of [8, 4 * 2 ** 20]) {
        const blob = await writeCheckpointBlob({ config: odd, tokenizer, meta }, sources, { dtype, sliceBytes });
        expect(Array.from(new Uint8Array(await blob.arrayBuffer()))).toEqual(Array.from(bytes));
      }
    });
  }

  it('refuses a tensor whose values do not match the shape it announced', async () => {
    await expect(writeCheckpoint({ config, tokenizer, meta }, [{ name: 'wte.weight', shape: [12, 8], values: () => new Float32Array(95) }]))
      .rejects.toThrow(/95 values, not the 12×8/);
  });

  it('openCheckpoint checks the file whole but decodes a tensor only when asked', () => {
    const tensors = tensorsOf(new GPT(config, 4));
    const bytes = encodeCheckpoint({ config, tokenizer, meta, tensors });
    const opened = openCheckpoint(bytes);
    expect([...opened.tensors.keys()]).toEqual([...tensors.keys()]);
    const first = opened.tensors.get('ln_f.weight')!.read();
    expect(first).not.toBe(opened.tensors.get('ln_f.weight')!.read()); // a fresh array each time: nothing is cached
    expect(Array.from(first)).toEqual(Array.from(tensors.get('ln_f.weight')!.data));
    const scratch = new Float32Array(100).fill(7);
    const intoScratch = opened.tensors.get('ln_f.weight')!.read(scratch);
    expect(intoScratch.buffer).toBe(scratch.buffer); // decoded in place, no new array
    expect(Array.from(intoScratch)).toEqual(Array.from(first));
    expect(scratch[8]).toBe(7); // only the tensor's 8 values were written
  });

  it('a value that is not finite is still refused on loading, and no model is kept', () => {
    const tensors = tensorsOf(new GPT(config, 4));
    tensors.get('h.0.mlp.c_proj.weight')!.data[5] = NaN;
    const bytes = encodeCheckpoint({ config, tokenizer, meta, tensors });
    expect(() => openCheckpoint(bytes)).not.toThrow(); // the container is sound …
    expect(() => loadModel(bytes)).toThrow(CheckpointError); // … the model is not
    expect(() => loadModel(bytes)).toThrow(/"h.0.mlp.c_proj.weight" holds NaN at index 5/);
  });
});
