// The wasm backend's own behaviour, beyond kernel results: buffers that recycle their memory (a long training loop
// inside tidy() must reach a steady footprint), growth of linear memory with live data intact, misuse that throws,
// and the fallback to one thread when threads cannot run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backward, zeroGrad } from '../../autograd';
import { GPT } from '../../model/gpt';
import { AdamW } from '../../optim/adamw';
import { tidy, withBackend } from '../../runtime';
import { tensor } from '../../tensor';
import { createJsBackend } from '../js/jsBackend';
import { createWasmBackend, type WasmBackend } from './wasmBackend';
import { sizeClass } from './wasmHeap';
import { coalesce } from './wasmLayout';

describe('wasm heap', () => {
  let wasm: WasmBackend;
  beforeAll(async () => { wasm = await createWasmBackend({ threads: 1 }); });
  afterAll(() => wasm.dispose());

  it('rounds sizes up by at most a quarter, to 64-byte multiples', () => {
    for (const bytes of [1, 63, 64, 65, 1000, 1025, 4096, 5000, 123457, 1 << 24]) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size % 64).toBe(0);
      expect(size).toBeLessThanOrEqual(Math.max(64, bytes * 1.25 + 64));
    }
  });

  it('hands back zero-filled buffers, also when a block is reused', () => {
    const a = wasm.alloc(100);
    wasm.write(a, new Array(100).fill(7));
    wasm.free(a);
    const b = wasm.alloc(99); // same size class: the freed block comes back
    expect(Array.from(wasm.read(b))).toEqual(new Array(99).fill(0));
    wasm.free(b);
  });

  it('reads a reused block as zeros wherever a kernel does not overwrite it', () => {
    const poisoned = () => {
      const b = wasm.alloc(6);
      wasm.write(b, [NaN, 1, 2, 3, 4, 5]);
      wasm.free(b);
      return wasm.alloc(6); // the same block, old numbers still in memory
    };
    expect(Array.from(wasm.read(poisoned()))).toEqual([0, 0, 0, 0, 0, 0]);
    const x = wasm.alloc(6);
    wasm.write(x, [1, 2, 3, 4, 5, 6]);
    const y = poisoned(), out = wasm.alloc(6);
    wasm.kernels.binary('add', x, y, out, { outShape: [6], aStrides: [1], bStrides: [1] }); // as an input
    expect(Array.from(wasm.read(out))).toEqual([1, 2, 3, 4, 5, 6]);
    const table = poisoned();
    const ids = wasm.alloc(1);
    wasm.write(ids, [1]);
    wasm.kernels.scatterAdd(x, ids, table, 1, 3); // accumulating into it
    expect(Array.from(wasm.read(table))).toEqual([0, 0, 0, 1, 2, 3]);
    const part = poisoned();
    wasm.write(part, [7], 2); // a partial write
    expect(Array.from(wasm.read(part))).toEqual([0, 0, 7, 0, 0, 0]);
    const slab = poisoned(); // half of it written by a strided copy (concat's first piece)
    wasm.kernels.copyStrided(x, slab, { shape: [3, 1], srcStrides: [1, 1], srcOffset: 0, dstStrides: [2, 1], dstOffset: 0 });
    expect(Array.from(wasm.read(slab))).toEqual([1, 0, 2, 0, 3, 0]);
  });

  it('keeps data intact and views fresh when memory grows', () => {
    const a = wasm.alloc(1000);
    wasm.write(a, Array.from({ length: 1000 }, (_, i) => i));
    const before = wasm.memoryStats().memoryBytes;
    const big = wasm.alloc(8 << 20); // 32 MiB forces memory.grow
    expect(wasm.memoryStats().memoryBytes).toBeGreaterThan(before);
    expect(wasm.read(a)[999]).toBe(999);
    wasm.write(big, [1, 2, 3], (8 << 20) - 3);
    expect(Array.from(wasm.read(big).subarray(-3))).toEqual([1, 2, 3]);
    wasm.free(big);
    wasm.free(a);
  });

  it('rejects use after free, double free, foreign buffers and writes past the end', () => {
    const a = wasm.alloc(4);
    expect(() => wasm.write(a, [1, 2, 3, 4, 5])).toThrow(RangeError);
    wasm.free(a);
    expect(() => wasm.read(a)).toThrow(/after free/);
    expect(() => wasm.free(a)).toThrow(/after free/);
    expect(() => wasm.kernels.fill(a, 1)).toThrow(/after free/);
    const foreign = createJsBackend('float32').alloc(4);
    expect(() => wasm.kernels.unary('neg', foreign, wasm.alloc(4))).toThrow(/another backend/);
  });

  it('allocates empty buffers without memory', () => {
    const used = wasm.memoryStats().usedBytes;
    const e = wasm.alloc(0);
    expect(wasm.read(e).length).toBe(0);
    wasm.free(e);
    expect(wasm.memoryStats().usedBytes).toBe(used);
  });
});

describe('a training loop on wasm reaches a steady memory footprint', () => {
  // Threads: every call split, so the pool's paths are in the loop too (fewer steps: waking workers per tiny kernel is slow).
  for (const [threads, steps] of [[1, 2000], [2, 300]]) {
    it(`${steps} GPT steps inside tidy() (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const wasm = await createWasmBackend({ threads, threadMinWork: 0 });
      withBackend(wasm, () => {
        const model = new GPT({ vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: true, positional: 'learned' });
        const params = model.parameters();
        const opt = new AdamW(params, { lr: 1e-2, weightDecay: 0.1 });
        const idx = tensor(Array.from({ length: 16 }, (_, i) => (i * 7) % 11), [2, 8]);
        const targets = tensor(Array.from({ length: 16 }, (_, i) => (i * 3 + 1) % 11), [2, 8]);
        const losses: number[] = [];
        let footprint = 0;
        for (let step = 0; step < steps; step++) {
          losses.push(tidy(() => {
            const { loss } = model.forward(idx, { targets });
            backward(loss!);
            opt.step();
            zeroGrad(params);
            return loss!.item();
          }));
          if (step === 20) footprint = wasm.memoryStats().memoryBytes;
        }
        expect(wasm.memoryStats().memoryBytes).toBe(footprint);
        expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2); // and it really trained
      });
      wasm.dispose();
    });
  }
});

describe('threads', () => {
  it('fall back to one thread, with the reason, when SharedArrayBuffer is missing', async () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const sab = g.SharedArrayBuffer;
    delete g.SharedArrayBuffer;
    try {
      const wasm = await createWasmBackend({ threads: 4 });
      expect(wasm.threads).toBe(1);
      expect(wasm.threadsUnavailable).toMatch(/SharedArrayBuffer/);
      const x = wasm.alloc(3);
      wasm.kernels.fill(x, 2);
      expect(Array.from(wasm.read(x))).toEqual([2, 2, 2]);
      wasm.dispose();
    } finally {
      g.SharedArrayBuffer = sab;
    }
  });

  it('run with the threads asked for and stop on dispose', async () => {
    const wasm = await createWasmBackend({ threads: 2 });
    expect(wasm.threads).toBe(2);
    expect(wasm.description).toMatch(/2 threads/);
    wasm.dispose();
    expect(() => wasm.alloc(1)).toThrow(/disposed/);
  });
});

describe('plan coalescing', () => {
  it('merges axes every operand walks contiguously and drops size-1 axes', () => {
    // (B, T, C) + (C): rows × C
    expect(coalesce([4, 8, 16], [[128, 16, 1], [0, 0, 1]])).toEqual({ shape: [32, 16], strides: [[16, 1], [0, 1]] });
    expect(coalesce([2, 1, 3], [[3, 3, 1], [3, 3, 1]])).toEqual({ shape: [6], strides: [[1], [1]] });
    expect(coalesce([3, 0], [[0, 1], [0, 1]])).toBeNull();
    // a transpose cannot merge
    expect(coalesce([5, 7], [[7, 1], [1, 5]])).toEqual({ shape: [5, 7], strides: [[7, 1], [1, 5]] });
  });
});
