// The packed-B cache (wasmPackCache.ts): a GEMM whose B was read unchanged before reuses its packing, and every way
// of writing into B — write(), a kernel's output, accumulation, AdamW, free and reuse — drops it, so no product ever
// sees old weights. Results are checked against a plain triple loop, and the packing is checked to exist, so a cache
// that silently never engages would fail here too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backward, zeroGrad } from '../../autograd';
import { GPT } from '../../model/gpt';
import { AdamW } from '../../optim/adamw';
import { noGrad, tidy, withBackend } from '../../runtime';
import { tensor } from '../../tensor';
import type { DeviceBuffer, MatmulParams } from '../backend';
import { createJsBackend } from '../js/jsBackend';
import { createWasmBackend, type WasmBackend } from './wasmBackend';
import type { WasmBuffer } from './wasmKernels';

const M = 8, N = 12, K = 20;

function values(count: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => (((i + 1) * seed) % 97) / 48 - 1);
}

/** A·op(B) in f64, B stored K×N, or N×K when transB. */
function reference(a: ArrayLike<number>, b: ArrayLike<number>, transB: boolean): number[] {
  const c: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k] * (transB ? b[j * K + k] : b[k * N + j]);
      c.push(s);
    }
  }
  return c;
}

for (const threads of [1, 2]) {
  describe(`packed-B cache (${threads} thread${threads > 1 ? 's' : ''})`, () => {
    let wasm: WasmBackend;
    beforeAll(async () => { wasm = await createWasmBackend({ threads, threadMinWork: 0 }); });
    afterAll(() => wasm.dispose());

    const params = (transB: boolean): MatmulParams =>
      ({ batch: 1, M, N, K, transA: false, transB, aBatchStride: M * K, bBatchStride: K * N, beta: 0 });

    /** Runs C = A·op(B) three times (the second makes the packing, the third reuses it) and checks each result. */
    const productsMatch = (a: DeviceBuffer, b: DeviceBuffer, transB: boolean) => {
      const c = wasm.alloc(M * N);
      const want = reference(wasm.read(a), wasm.read(b), transB);
      for (let round = 0; round < 3; round++) {
        wasm.kernels.matmul(a, b, c, params(transB));
        const got = wasm.read(c);
        want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 4));
      }
      wasm.free(c);
      expect((b as WasmBuffer).packing).not.toBeNull();
    };

    it('reuses a packing while B is unchanged, for either layout of B', () => {
      const a = wasm.alloc(M * K), b = wasm.alloc(K * N);
      wasm.write(a, values(M * K, 31));
      wasm.write(b, values(K * N, 17));
      productsMatch(a, b, false);
      productsMatch(a, b, true); // same floats read as N×K: a packing of the other layout replaces the first
      wasm.free(a);
      wasm.free(b);
    });

    it('drops the packing on every kind of write into B', () => {
      const a = wasm.alloc(M * K), b = wasm.alloc(K * N), src = wasm.alloc(K * N), ids = wasm.alloc(2);
      wasm.write(a, values(M * K, 31));
      wasm.write(b, values(K * N, 17));
      wasm.write(src, values(K * N, 23));
      wasm.write(ids, [1, 3]);
      const writes: Array<[string, () => void]> = [
        ['write() of all of it', () => wasm.write(b, values(K * N, 29))],
        ['write() of one float', () => wasm.write(b, [5], 7)],
        ['a kernel output', () => wasm.kernels.unary('neg', src, b)],
        ['fill', () => wasm.kernels.fill(b, 0.25)],
        ['a GEMM accumulating into it', () => wasm.kernels.matmul(src, src, b,
          { batch: 1, M: K, N, K: 1, transA: false, transB: false, aBatchStride: K, bBatchStride: N, beta: 1 })],
        ['a strided copy of part of it', () => wasm.kernels.copyStrided(src, b,
          { shape: [3], srcStrides: [1], srcOffset: 0, dstStrides: [5], dstOffset: 2 })],
        ['scatter-add', () => wasm.kernels.scatterAdd(src, ids, b, 2, N)],
        ['an AdamW step', () => {
          const g = wasm.alloc(K * N), m = wasm.alloc(K * N), v = wasm.alloc(K * N);
          wasm.write(g, values(K * N, 41));
          wasm.kernels.adamw(b, g, m, v, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step: 1, gradScale: 1 });
          [g, m, v].forEach((x) => wasm.free(x));
        }],
      ];
      for (const [what, write] of writes) {
        productsMatch(a, b, false);
        const before = Array.from(wasm.read(b));
        write();
        expect((b as WasmBuffer).packing, what).toBeNull();
        expect(Array.from(wasm.read(b)), what).not.toEqual(before); // the write really changed B
        productsMatch(a, b, false);
      }
      [a, b, src, ids].forEach((x) => wasm.free(x));
    });

    it('frees the packing with its buffer, and a reused block starts without one', () => {
      const a = wasm.alloc(M * K), b = wasm.alloc(K * N);
      wasm.write(a, values(M * K, 31));
      wasm.write(b, values(K * N, 17));
      productsMatch(a, b, false);
      const live = wasm.memoryStats().liveBytes;
      wasm.free(b);
      expect(wasm.memoryStats().liveBytes).toBeLessThan(live - K * N * 4); // the buffer and its packing
      const again = wasm.alloc(K * N); // same size class: the same block, a new buffer
      wasm.write(again, values(K * N, 53));
      expect((again as WasmBuffer).packing).toBeNull();
      productsMatch(a, again, false);
      wasm.free(a);
      wasm.free(again);
    });

    it('a GPT forward after an AdamW step sees the new weights', () => {
      const config = { vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' } as const;
      const ids = Array.from({ length: 8 }, (_, i) => (i * 7) % 11);
      const logitsOf = (model: GPT) => tidy(() => noGrad(() => Array.from(model.forward(tensor(ids, [1, 8])).logits.toArray())));
      const model = withBackend(wasm, () => new GPT(config));
      const after = withBackend(wasm, () => {
        logitsOf(model);
        logitsOf(model); // the weights' packings are made by now
        const weights = model.parameters().filter((p) => p.shape.length === 2);
        expect(weights.some((w) => (w.buffer as WasmBuffer).packing !== null)).toBe(true);
        const opt = new AdamW(model.parameters(), { lr: 1e-2 });
        tidy(() => {
          const targets = tensor(Array.from({ length: 8 }, (_, i) => (i * 3 + 1) % 11), [1, 8]);
          backward(model.forward(tensor(ids, [1, 8]), { targets }).loss!);
          opt.step();
          zeroGrad(model.parameters());
        });
        logitsOf(model);
        return logitsOf(model);
      });
      // The stepped weights on the js backend, which keeps no packings.
      const js = createJsBackend('float32');
      const copy = withBackend(js, () => new GPT(config));
      copy.parameters().forEach((q, i) => js.write(q.buffer, wasm.read(model.parameters()[i].buffer)));
      const want = withBackend(js, () => logitsOf(copy));
      want.forEach((w, i) => expect(after[i]).toBeCloseTo(w, 4));
    });
  });
}

describe('packed-B cache budget', () => {
  it('keeps packings first come first kept up to the budget, packs the rest per call, and frees room as they go', async () => {
    // Room for one packing of a K×N B (packed panels round N up to 8 columns), not two.
    const onePacking = K * Math.ceil(N / 8) * 8 * 4;
    const wasm = await createWasmBackend({ threads: 1, packCacheMaxBytes: onePacking + 4 });
    try {
      const a = wasm.alloc(M * K), b1 = wasm.alloc(K * N), b2 = wasm.alloc(K * N), c = wasm.alloc(M * N);
      wasm.write(a, values(M * K, 31));
      wasm.write(b1, values(K * N, 17));
      wasm.write(b2, values(K * N, 23));
      const params: MatmulParams = { batch: 1, M, N, K, transA: false, transB: false, aBatchStride: M * K, bBatchStride: K * N, beta: 0 };
      const productOf = (b: DeviceBuffer) => {
        const want = reference(wasm.read(a), wasm.read(b), false);
        for (let round = 0; round < 3; round++) {
          wasm.kernels.matmul(a, b, c, params);
          const got = wasm.read(c);
          want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 4));
        }
      };
      productOf(b1);
      expect((b1 as WasmBuffer).packing).not.toBeNull();
      expect(wasm.memoryStats().packedBytes).toBeGreaterThan(0);
      expect(wasm.memoryStats().packedBytes).toBeLessThanOrEqual(onePacking + 4);
      productOf(b2); // no room: right answers, no packing kept
      expect((b2 as WasmBuffer).packing).toBeNull();
      wasm.write(b1, values(K * N, 29)); // drops b1's packing, and its room
      expect(wasm.memoryStats().packedBytes).toBe(0);
      productOf(b2);
      expect((b2 as WasmBuffer).packing).not.toBeNull();
      [a, b1, b2, c].forEach((x) => wasm.free(x));
      expect(wasm.memoryStats().packedBytes).toBe(0);
    } finally {
      wasm.dispose();
    }
  });
});
