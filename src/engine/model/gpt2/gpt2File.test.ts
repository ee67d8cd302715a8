// GPT-2 files in Hugging Face's layout (tests/fixtures/gpt2, from scripts/golden/make_gpt2_fixture.py): the logits
// equal the PyTorch reference's, float16 files load within float16 rounding, and every kind of wrong file is
// refused with a message that says what is wrong.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../../backends/js/jsBackend';
import { createWasmBackend } from '../../backends/wasm';
import { noGrad, tensor, withBackendAsync, type Backend } from '../..';
import { gpt2Tensors, loadGpt2, planGpt2 } from './gpt2File';
import { blobSource, bytesSource, readSafetensorsHeader } from './safetensors';

const dir = new URL('../../../../tests/fixtures/gpt2/', import.meta.url);
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const config = JSON.parse(readFileSync(new URL('config.json', dir), 'utf8')) as Record<string, unknown>;
const golden = JSON.parse(readFileSync(new URL('golden.json', dir), 'utf8')) as {
  idx: number[][]; targets: number[][]; logits: number[]; loss: number; logitsFloat16: number[];
};

async function logitsOf(
  bytes: Uint8Array, backend: Backend, cfg: unknown = config, sliceBytes?: number, source = bytesSource,
): Promise<{ logits: Float32Array; loss: number }> {
  return withBackendAsync(backend, async () => {
    const src = source(bytes);
    const model = await loadGpt2(src, await planGpt2(src, cfg), undefined, sliceBytes);
    try {
      const B = golden.idx.length, T = golden.idx[0].length;
      const out = noGrad(() => model.forward(tensor(golden.idx.flat(), [B, T]), { targets: tensor(golden.targets.flat(), [B, T]) }));
      return { logits: Float32Array.from(await out.logits.data()), loss: (await out.loss!.data())[0] };
    } finally {
      model.dispose();
    }
  });
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe('GPT-2 files (Hugging Face layout)', () => {
  for (const [name, make] of [['js', () => createJsBackend('float32')], ['wasm', () => createWasmBackend()]] as const) {
    it(`float32 weights give the reference logits and loss to 1e-4 on ${name}`, async () => {
      const backend = await make();
      try {
        const { logits, loss } = await logitsOf(file('tiny.safetensors'), backend);
        expect(logits.length).toBe(golden.logits.length);
        expect(maxDiff(logits, golden.logits)).toBeLessThan(1e-4);
        expect(Math.abs(loss - golden.loss)).toBeLessThan(1e-4);
      } finally {
        backend.dispose();
      }
    });
  }

  it('reads every tensor in slices of a few rows (Conv1D ones transposed slice by slice) to the same reference logits', async () => {
    // 40 bytes: a handful of values, so every tensor of the tiny file is read in several slices.
    for (const [name, reference] of [['tiny.safetensors', golden.logits], ['tiny-f16.safetensors', golden.logitsFloat16]] as const) {
      const { logits } = await logitsOf(file(name), createJsBackend('float32'), config, 40);
      expect(maxDiff(logits, reference)).toBeLessThan(1e-4);
    }
  });

  it('reads slices from a Blob into one reused buffer (a stream read that moves it) to the same reference logits', async () => {
    const fromBlob = (bytes: Uint8Array) => blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    for (const [name, reference] of [['tiny.safetensors', golden.logits], ['tiny-f16.safetensors', golden.logitsFloat16]] as const) {
      const { logits } = await logitsOf(file(name), createJsBackend('float32'), config, 40, fromBlob);
      expect(maxDiff(logits, reference)).toBeLessThan(1e-4);
    }
    // readInto answers the bytes at the offset asked, in the memory given (moved to a new buffer by the stream).
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const scratch = new Uint8Array(64);
    const got = await fromBlob(bytes).readInto(300, scratch.subarray(8, 58));
    expect([got.byteOffset, got.byteLength]).toEqual([8, 50]);
    expect(Array.from(got)).toEqual(Array.from(bytes.subarray(300, 350)));
    expect(got.buffer.byteLength).toBe(64);
    await expect(blobSource(new Blob([bytes.subarray(0, 320)])).readInto(300, new Uint8Array(50))).rejects.toThrow(/ended after 320 of the 350 bytes/);
    const again = await bytesSource(bytes).readInto(300, new Uint8Array(50));
    expect(Array.from(again)).toEqual(Array.from(bytes.subarray(300, 350)));
  });

  it('gives the checkpoint writer each tensor in our layout, in reused scratch memory, equal to the loaded model\'s', async () => {
    for (const name of ['tiny.safetensors', 'tiny-f16.safetensors']) {
      const src = blobSource(new Blob([file(name)]));
      const plan = await planGpt2(src, config);
      const model = await withBackendAsync(createJsBackend('float32'), () => loadGpt2(src, plan));
      const want = new Map([...model.namedParameters()].map(([n, p]) => [n, p.toArray()]));
      const seen: string[] = [];
      let read = 0;
      for (const t of gpt2Tensors(src, plan, (r) => (read = r))) {
        const values = Float32Array.from(await t.values()); // copied: the next tensor reuses the memory
        expect(maxDiff(values, want.get(t.name)!), `${name} ${t.name}`).toBe(0);
        expect(values.length).toBe(t.shape.reduce((a, b) => a * b, 1));
        seen.push(t.name);
      }
      expect(seen.sort()).toEqual([...want.keys()].sort());
      expect(read).toBe([...plan.entries.values()].reduce((sum, e) => sum + e.length, 0));
      model.dispose();
    }
  });

  it('float16 weights, with the transformer. prefix and a tied lm_head, load to the float16 reference', async () => {
    const { logits } = await logitsOf(file('tiny-f16.safetensors'), createJsBackend('float32'));
    expect(maxDiff(logits, golden.logitsFloat16)).toBeLessThan(1e-4);
    expect(maxDiff(logits, golden.logits)).toBeGreaterThan(1e-6); // float16 rounding is really there
  });

  it('plans from the header alone: config, parameter count, dtype and the memory needed', async () => {
    const plan = await planGpt2(bytesSource(file('tiny-f16.safetensors')), config);
    expect(plan.config).toMatchObject({ vocabSize: 97, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, activation: 'gelu_tanh' });
    expect(plan.storedAs).toBe('float16');
    expect(plan.parameters).toBe(97 * 16 + 16 * 16 + 2 * (2 * 32 + 16 * 48 + 48 + 16 * 16 + 16 + 16 * 64 + 64 + 64 * 16 + 16) + 32);
    expect(plan.bytesToRun).toBeGreaterThan(4 * plan.parameters);
  });

  it('without config.json, asks for it when the width does not reveal the heads', async () => {
    await expect(planGpt2(bytesSource(file('tiny.safetensors')))).rejects.toThrow(/config\.json/);
  });

  it('refuses a truncated file, naming where it ends', async () => {
    const bytes = file('tiny.safetensors');
    await expect(planGpt2(bytesSource(bytes.subarray(0, bytes.length - 100)), config)).rejects.toThrow(/truncated/);
    await expect(planGpt2(bytesSource(bytes.subarray(0, 5)), config)).rejects.toThrow(/fewer than the 8/);
  });

  it('refuses a file of another architecture or with a wrong shape', async () => {
    const renamed = rewriteHeader(file('tiny.safetensors'), (h) => h.replace('"h.0.mlp.c_fc.weight"', '"h.0.mlp.gate_proj"'));
    await expect(planGpt2(bytesSource(renamed), config)).rejects.toThrow(/not a GPT-2 file.*gate_proj/);
    await expect(planGpt2(bytesSource(file('tiny.safetensors')), { ...config, n_embd: 32 })).rejects.toThrow(/shape/);
    await expect(planGpt2(bytesSource(file('tiny.safetensors')), { ...config, model_type: 'llama' })).rejects.toThrow(/llama/);
  });

  it('refuses an unsupported dtype and a model too big to run', async () => {
    const int8 = rewriteHeader(file('tiny.safetensors'), (h) => h.replace('"dtype":"F32"', '"dtype":"I8"'));
    await expect(readSafetensorsHeader(bytesSource(int8))).rejects.toThrow(/I8/);
    await expect(planGpt2(bytesSource(file('tiny.safetensors')), config, 1000)).rejects.toThrow(/needs about/);
  });
});

/** The same file with its JSON header edited (kept the same length by padding with spaces). */
function rewriteHeader(bytes: Uint8Array, edit: (header: string) => string): Uint8Array {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  const edited = edit(header);
  if (edited.length > length) throw new Error('the edit must not lengthen the header');
  const out = new Uint8Array(bytes);
  out.set(new TextEncoder().encode(edited.padEnd(length, ' ')), 8);
  return out;
}
