// Every webgpu kernel against the js spec on the same inputs (Node + Dawn + SwiftShader, see testing/nodeGpu.ts).
// Sizes are small because SwiftShader runs on the CPU; odd sizes make every bounds check and tile edge matter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BinaryOp, MatmulParams, ScalarOp, UnaryOp } from '../backend';
import { createWebGpuBackend, type WebGpuBackend } from './webgpuBackend';
import { createNodeDevice } from './testing/nodeGpu';
import { compareWithJs, randomArray, type KernelCase } from './testing/compareKernels';
import type { GemmTileName } from './shaders/matmul.wgsl';

let device: GPUDevice;
let gpu: WebGpuBackend;
const tiled: Partial<Record<GemmTileName | 'gemmOnly', WebGpuBackend>> = {};

beforeAll(async () => {
  device = await createNodeDevice();
  gpu = await createWebGpuBackend({ device });
  for (const tile of ['small', 'medium', 'large'] as const) tiled[tile] = await createWebGpuBackend({ device, matmul: { tile } });
  tiled.gemmOnly = await createWebGpuBackend({ device, matmul: { noMatvec: true } });
});
afterAll(() => device?.destroy());

async function expectMatch(c: KernelCase, backend: WebGpuBackend = gpu, atol = 1e-5, rtol = 1e-4) {
  expect(await compareWithJs(backend, c, atol, rtol)).toBeNull();
  expect(backend.lostReason).toBeNull();
}

const ramp = (n: number, from: number, to: number) => Float32Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));

describe('elementwise kernels', () => {
  it('fill, including special values', async () => {
    for (const value of [3.5, -Infinity, NaN]) await expectMatch({ inputs: [], outputs: [300], run: (k, _, [y]) => k.fill(y, value) });
  });

  it('every unary op, over a range that reaches overflow', async () => {
    const wide = ramp(41, -30, 30), positive = ramp(41, 1e-3, 50);
    const ops: UnaryOp[] = ['neg', 'exp', 'tanh', 'relu', 'step', 'abs', 'square', 'sin', 'cos', 'gelu', 'geluGrad', 'geluTanh',
      'geluTanhGrad'];
    for (const op of ops) await expectMatch({ inputs: [wide], outputs: [41], run: (k, [x], [y]) => k.unary(op, x, y) });
    for (const op of ['log', 'sqrt', 'rsqrt', 'recip'] as const) {
      await expectMatch({ inputs: [positive], outputs: [41], run: (k, [x], [y]) => k.unary(op, x, y) });
    }
    await expectMatch({ inputs: [[-1, 0, 100]], outputs: [3], run: (k, [x], [y]) => k.unary('log', x, y) });
    const extreme = [-1e4, -200, -100, -89, 88, 89, 100, 200, 1e4];
    for (const op of ['exp', 'tanh', 'gelu', 'sin', 'cos'] as const) {
      await expectMatch({ inputs: [extreme], outputs: [9], run: (k, [x], [y]) => k.unary(op, x, y) }, gpu, 1e-5, 1e-3);
    }
  });

  it('every scalar op; pow keeps the sign of negative bases under integer exponents', async () => {
    const x = [-2.5, -1, 0, 0.5, 1, 3, 7.25];
    const cases: [ScalarOp, number][] = [['add', 2], ['mul', -3], ['max', 0.1], ['min', 0.1], ['rsub', 1], ['rdiv', 2],
      ['pow', 2], ['pow', 3], ['pow', -1], ['pow', 0], ['pow', 1.5], ['pow', 0.5]];
    for (const [op, s] of cases) await expectMatch({ inputs: [x], outputs: [7], run: (k, [a], [y]) => k.scalar(op, a, s, y) });
  });

  it('binary ops, flat and broadcast, with NaN in max/min', async () => {
    const a = randomArray(24, 1), b = randomArray(24, 2);
    a[3] = NaN; b[5] = NaN;
    const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'gt'];
    for (const op of ops) {
      await expectMatch({ inputs: [a, b], outputs: [24],
        run: (k, [x, y], [o]) => k.binary(op, x, y, o, { outShape: [2, 3, 4], aStrides: [12, 4, 1], bStrides: [12, 4, 1] }) });
    }
    // (2, 1, 4) op (3, 1) -> (2, 3, 4)
    await expectMatch({ inputs: [randomArray(8, 3), randomArray(3, 4)], outputs: [24],
      run: (k, [x, y], [o]) => k.binary('sub', x, y, o, { outShape: [2, 3, 4], aStrides: [4, 0, 1], bStrides: [0, 1, 0] }) });
    // a rank-6 broadcast
    await expectMatch({ inputs: [randomArray(12, 5), randomArray(10, 6)], outputs: [240],
      run: (k, [x, y], [o]) => k.binary('mul', x, y, o,
        { outShape: [2, 1, 3, 2, 5, 4], aStrides: [6, 0, 2, 1, 0, 0], bStrides: [0, 0, 0, 5, 1, 0] }) });
  });

  it('adamw', async () => {
    const n = 333;
    await expectMatch({
      inputs: [randomArray(n, 7, 0.1)],
      outputs: [randomArray(n, 8), randomArray(n, 9, 0.01), Float32Array.from(randomArray(n, 10, 0.001), Math.abs)],
      run: (k, [g], [w, m, v]) => k.adamw(w, g, m, v,
        { lr: 1e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, step: 3, gradScale: 0.5 }),
    });
  });
});

describe('reductions', () => {
  const shapes: [number, number, number][] = [[3, 5, 4], [2, 300, 1], [1, 40000, 1], [4, 3, 70], [2, 0, 3], [5, 7, 1]];
  for (const [outer, n, inner] of shapes) {
    it(`sum and max over (${outer}, ${n}, ${inner})`, async () => {
      const x = randomArray(outer * n * inner, outer + n + inner);
      for (const op of ['sum', 'max'] as const) {
        await expectMatch({ inputs: [x], outputs: [outer * inner], run: (k, [a], [y]) => k.reduce(op, a, y, outer, n, inner) },
          gpu, 1e-4, 1e-4);
      }
    });
  }

  it('max propagates NaN', async () => {
    const x = randomArray(600, 11);
    x[17] = NaN; x[450] = NaN;
    await expectMatch({ inputs: [x], outputs: [2], run: (k, [a], [y]) => k.reduce('max', a, y, 2, 300, 1) });
    await expectMatch({ inputs: [x], outputs: [60], run: (k, [a], [y]) => k.reduce('max', a, y, 1, 10, 60) });
  });

  it('sumSquares, short and split into partial sums', async () => {
    for (const n of [10, 50000]) {
      await expectMatch({ inputs: [randomArray(n, n)], outputs: [1], run: (k, [a], [y]) => k.sumSquares(a, y) }, gpu, 1e-3, 1e-5);
    }
  });
});

describe('matmul', () => {
  const gemm = (M: number, N: number, K: number, transA: boolean, transB: boolean, batch = 1,
    shareB = false, beta: 0 | 1 = 0): [KernelCase, MatmulParams] => {
    const p: MatmulParams = { batch, M, N, K, transA, transB, aBatchStride: M * K, bBatchStride: shareB ? 0 : K * N, beta };
    const c: KernelCase = {
      inputs: [randomArray(batch * M * K, M * 7 + K), randomArray((shareB ? 1 : batch) * K * N, N * 5 + K)],
      outputs: [beta ? randomArray(batch * M * N, 99) : batch * M * N],
      run: (k, [a, b], [o]) => k.matmul(a, b, o, p),
    };
    return [c, p];
  };

  for (const tile of ['small', 'medium', 'large'] as const) {
    it(`${tile} tiles, every transpose, odd sizes, batches, shared B, beta = 1`, async () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          await expectMatch(gemm(37, 45, 29, transA, transB)[0], tiled[tile]);
        }
      }
      await expectMatch(gemm(9, 70, 17, false, true, 3, true, 1)[0], tiled[tile]);
      await expectMatch(gemm(5, 6, 0, true, false, 2, false, 1)[0], tiled[tile]);
    });
  }

  it('chooses tiles by size and runs them', async () => {
    await expectMatch(gemm(130, 140, 20, false, false)[0]);
    await expectMatch(gemm(64, 64, 16, true, false, 3)[0]);
  });

  it('matrix-vector path for M = 1 and N = 1 in every layout, and the GEMM on the same shapes', async () => {
    for (const backend of [gpu, tiled.gemmOnly!]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          await expectMatch(gemm(1, 70, 150, transA, transB, 2)[0], backend);
          await expectMatch(gemm(33, 1, 150, transA, transB, 2, false, 1)[0], backend);
        }
      }
      await expectMatch(gemm(1, 1, 300, false, true)[0], backend);
    }
  });
});

describe('movement', () => {
  it('copyStrided: a permute, and a slice into an offset region', async () => {
    await expectMatch({ inputs: [randomArray(24, 1)], outputs: [24], run: (k, [x], [y]) => k.copyStrided(x, y,
      { shape: [4, 2, 3], srcStrides: [1, 12, 4], srcOffset: 0, dstStrides: [6, 3, 1], dstOffset: 0 }) });
    await expectMatch({ inputs: [randomArray(30, 2)], outputs: [randomArray(40, 3)], run: (k, [x], [y]) => k.copyStrided(x, y,
      { shape: [2, 3], srcStrides: [10, 2], srcOffset: 5, dstStrides: [8, 1], dstOffset: 17 }) });
  });

  it('gather and scatterAdd with repeated ids', async () => {
    const ids = [3, 0, 3, 3, 1, 0, 4];
    await expectMatch({ inputs: [randomArray(5 * 6, 4), ids], outputs: [ids.length * 6],
      run: (k, [t, i], [y]) => k.gather(t, i, y, ids.length, 6) });
    await expectMatch({ inputs: [randomArray(ids.length * 70, 5), ids], outputs: [randomArray(5 * 70, 6)],
      run: (k, [s, i], [t]) => k.scatterAdd(s, i, t, ids.length, 70) });
  });

  it('an id outside the table gives NaN and a RangeError at the next read, once', async () => {
    const table = gpu.alloc(6), ids = gpu.alloc(2), out = gpu.alloc(6);
    gpu.write(table, [1, 2, 3, 4, 5, 6]);
    gpu.write(ids, [1, 7]);
    gpu.kernels.gather(table, ids, out, 2, 3);
    await expect(gpu.readAsync(out)).rejects.toThrow(new RangeError('gather: id 7 outside 0..1 (found on the GPU; reported at the next read)'));
    expect(Array.from(await gpu.readAsync(out))).toEqual([4, 5, 6, NaN, NaN, NaN]);
    const logits = gpu.alloc(4), targets = gpu.alloc(2), losses = gpu.alloc(2);
    gpu.write(targets, [1, 2]);
    gpu.kernels.crossEntropy(logits, targets, losses, 2, 2);
    await expect(gpu.readAsync(losses)).rejects.toThrow(/crossEntropy: target 2 outside 0..1/);
  });
});

describe('fused row kernels', () => {
  const masked = (rows: number, n: number, seed: number) => {
    const x = randomArray(rows * n, seed, 3);
    for (let i = 0; i < x.length; i += 5) x[i] = -Infinity;
    x.fill(-Infinity, 0, n); // a fully masked row gives NaN, as in the js backend and torch
    return x;
  };

  for (const [rows, n] of [[5, 7], [3, 1500]]) {
    it(`softmax, logSoftmax, softmaxBackward on (${rows}, ${n})`, async () => {
      await expectMatch({ inputs: [masked(rows, n, 1)], outputs: [rows * n], run: (k, [x], [y]) => k.softmax(x, y, rows, n) });
      await expectMatch({ inputs: [randomArray(rows * n, 2, 4)], outputs: [rows * n], run: (k, [x], [y]) => k.logSoftmax(x, y, rows, n) });
      const y = new Float32Array(rows * n).fill(1 / n);
      await expectMatch({ inputs: [y, randomArray(rows * n, 3)], outputs: [rows * n],
        run: (k, [p, g], [dx]) => k.softmaxBackward(p, g, dx, rows, n) });
    });

    it(`layerNorm forward and backward, with and without bias, on (${rows}, ${n})`, async () => {
      const x = randomArray(rows * n, 4, 2), w = randomArray(n, 5), b = randomArray(n, 6), dy = randomArray(rows * n, 7);
      await expectMatch({ inputs: [x, w, b], outputs: [rows * n, rows, rows],
        run: (k, [xs, ws, bs], [y, m, s]) => k.layerNorm(xs, ws, bs, y, m, s, rows, n, 1e-5) });
      await expectMatch({ inputs: [x, w], outputs: [rows * n, rows, rows],
        run: (k, [xs, ws], [y, m, s]) => k.layerNorm(xs, ws, null, y, m, s, rows, n, 1e-5) });
      for (const hasBias of [true, false]) {
        await expectMatch({
          inputs: [dy, x, w],
          outputs: [rows, rows, rows * n, randomArray(n, 8), hasBias ? randomArray(n, 9) : 1],
          run: (k, [g, xs, ws], [m, s, dx, dw, db]) => {
            k.layerNorm(xs, ws, null, dx, m, s, rows, n, 1e-5); // mean and rstd for the backward pass
            k.layerNormBackward(g, xs, ws, m, s, dx, dw, hasBias ? db : null, rows, n);
          },
        }, gpu, 1e-4, 1e-4);
      }
    });
  }

  for (const [rows, V] of [[9, 65], [3, 1200]]) {
    it(`crossEntropy forward and backward with ignored targets, V = ${V}`, async () => {
      const logits = randomArray(rows * V, V, 2);
      const targets = Array.from({ length: rows }, (_, r) => (r % 4 === 1 ? -1 : (r * 37) % V));
      await expectMatch({ inputs: [logits, targets], outputs: [rows],
        run: (k, [z, t], [l]) => k.crossEntropy(z, t, l, rows, V) });
      await expectMatch({ inputs: [logits, targets], outputs: [rows * V],
        run: (k, [z, t], [g]) => k.crossEntropyBackward(z, t, g, rows, V, 0.25) });
    });
  }
});
