import { describe, it, expect } from 'vitest';
import { GPT } from '../model/gpt';
import { CharTokenizer } from '../tokenizer';
import { saveModel, loadModel } from './modelFile';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, CHECKPOINT_VERSION } from './checkpoint';
import { AdamW } from '../optim/adamw';
import { fromHalf, toHalf } from './float16';

const config = { vocabSize: 12, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as const };
const tokenizer = CharTokenizer.fromText('hello world!');
const meta = { kind: 'base', label: 'test', createdAt: '2026-11-26T00:00:00Z', iter: 3 };

describe('checkpoint format', () => {
  it('round-trips parameters, tokenizer, meta and optimizer state exactly (float32)', async () => {
    const model = new GPT(config, 5);
    const opt = new AdamW(model.parameters(), { lr: 1e-3 });
    opt.stepCount = 7;
    const bytes = await saveModel(model, tokenizer, meta, { optimizer: opt });
    const loaded = loadModel(bytes);
    expect(loaded.meta.label).toBe('test');
    expect(loaded.tokenizer.encode('hello')).toEqual(tokenizer.encode('hello'));
    for (const [name, p] of model.namedParameters()) {
      expect(Array.from(loaded.model.namedParameters().get(name)!.toArray())).toEqual(Array.from(p.toArray()));
    }
    expect(loaded.optimizerState?.stepCount).toBe(7);
  });

  it('float16 storage halves the size and stays within half precision', async () => {
    const model = new GPT({ ...config, nEmbd: 32 }, 5);
    const full = await saveModel(model, tokenizer, meta);
    const half = await saveModel(model, tokenizer, meta, { dtype: 'float16' });
    expect(half.length).toBeLessThan(full.length * 0.6);
    const a = model.namedParameters().get('h.0.attn.c_attn.weight')!.toArray();
    const b = loadModel(half).model.namedParameters().get('h.0.attn.c_attn.weight')!.toArray();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(Math.abs(a[i]) * 2 ** -11 + 1e-7);
  });

  it('half conversion handles zero, subnormals, overflow, infinities and NaN', () => {
    for (const v of [0, 1, -2.5, 65504, 6.103515625e-5, 5.960464477539063e-8]) expect(fromHalf(toHalf(v))).toBe(v);
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
    expect(fromHalf(toHalf(-Infinity))).toBe(-Infinity);
    expect(Number.isNaN(fromHalf(toHalf(NaN)))).toBe(true);
    // Every one of the 65536 halves: the widening table is built from bit patterns, toHalf from arithmetic.
    for (let h = 0; h < 65536; h++) {
      const v = fromHalf(h);
      if ((h & 0x7c00) === 0x7c00 && h & 0x3ff) expect(Number.isNaN(v)).toBe(true);
      else if (toHalf(v) !== h) expect.fail(`half 0x${h.toString(16)} widened to ${v}, which narrows to 0x${toHalf(v).toString(16)}`);
    }
    expect([0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x03ff, 0x8000].map(fromHalf)).toEqual([1, -2, 65504, 2 ** -14, 2 ** -24, 1023 * 2 ** -24, -0]);
  });

  it('rejects broken files with a clear message', async () => {
    const bytes = await saveModel(new GPT(config, 5), tokenizer, meta);
    const expectError = (b: Uint8Array, pattern: RegExp) => {
      expect(() => loadModel(b)).toThrow(CheckpointError);
      expect(() => loadModel(b)).toThrow(pattern);
    };
    expectError(new Uint8Array(0), /too short/);
    expectError(new TextEncoder().encode('{"not": "a checkpoint"} and more text'), /signature/);
    expectError(bytes.slice(0, bytes.length - 10), /checksum/);
    expectError(bytes.slice(0, 40), /truncated/);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 3] ^= 0xff;
    expectError(corrupted, /checksum/);
    const wrongVersion = bytes.slice();
    new DataView(wrongVersion.buffer).setUint32(8, CHECKPOINT_VERSION + 1, true);
    expectError(wrongVersion, /version/);
    const c = decodeCheckpoint(bytes);
    c.tensors.delete('h.0.mlp.c_fc.weight');
    expectError(encodeCheckpoint(c), /"h.0.mlp.c_fc.weight" is missing/);
    const badConfig = decodeCheckpoint(bytes);
    badConfig.config = { ...badConfig.config, nHead: 3 };
    expectError(encodeCheckpoint(badConfig), /divisible/);
  });
});
