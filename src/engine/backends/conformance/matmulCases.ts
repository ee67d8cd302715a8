// Conformance cases for GEMM, strided copies, gather and scatter-add: every transpose pair, batches with shared A or B,
// beta 0 (over NaN-filled outputs, which must be overwritten) and 1, sizes around the vector and tile widths, blocks
// deeper and wider than a kernel's cache blocking, strided copies of rank 1–6, and ids that repeat.
import type { MatmulParams, StridedCopy } from '../backend';
import { randomValues, type KernelCase } from './harness';

function matmulCase(p: MatmulParams, seed: number): KernelCase {
  const { batch, M, N, K } = p;
  const aSize = p.aBatchStride * (batch - 1) + M * K;
  const bSize = p.bBatchStride * (batch - 1) + K * N;
  const a = randomValues(Math.max(aSize, 0), seed), b = randomValues(Math.max(bSize, 0), seed + 1);
  const c = p.beta === 1 ? randomValues(batch * M * N, seed + 2) : new Array<number>(batch * M * N).fill(NaN);
  const label = `matmul ${p.transA ? 'T' : 'N'}${p.transB ? 'T' : 'N'} batch ${batch} (${M}×${K})·(${K}×${N})` +
    ` strides ${p.aBatchStride}/${p.bBatchStride} beta ${p.beta}`;
  return {
    label,
    inputs: [a, b],
    outputs: [c],
    run: (k, [x, y], [out]) => k.matmul(x, y, out, p),
    scale: {
      label: 'scale', inputs: [a.map(Math.abs), b.map(Math.abs)], outputs: [c.map((v) => (Number.isNaN(v) ? 0 : Math.abs(v)))],
      run: (k, [x, y], [out]) => k.matmul(x, y, out, p),
    },
  };
}

export function matmulCases(): KernelCase[] {
  const sizes: [number, number, number][] = [[1, 1, 1], [1, 17, 3], [2, 65, 63], [3, 5, 129], [4, 8, 16], [5, 9, 7],
    [17, 63, 65], [65, 129, 17], [33, 1, 40], [64, 64, 64], [7, 3, 0]];
  const cases: KernelCase[] = [];
  let seed = 1000;
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      for (const [M, N, K] of sizes) {
        for (const beta of [0, 1] as const) {
          cases.push(matmulCase({ batch: 1, M, N, K, transA, transB, aBatchStride: M * K, bBatchStride: K * N, beta }, seed++));
        }
      }
      // Batched: separate operands, a shared B (stride 0), a shared A, and many small matrices (attention's shape).
      cases.push(matmulCase({ batch: 3, M: 5, N: 17, K: 9, transA, transB, aBatchStride: 45, bBatchStride: 153, beta: 0 }, seed++));
      cases.push(matmulCase({ batch: 4, M: 17, N: 6, K: 65, transA, transB, aBatchStride: 17 * 65, bBatchStride: 0, beta: 1 }, seed++));
      cases.push(matmulCase({ batch: 2, M: 9, N: 33, K: 5, transA, transB, aBatchStride: 0, bBatchStride: 165, beta: 0 }, seed++));
      cases.push(matmulCase({ batch: 24, M: 16, N: 16, K: 8, transA, transB, aBatchStride: 128, bBatchStride: 128, beta: 0 }, seed++));
      // Deeper than 256 and wider than 512: several cache blocks in every direction.
      cases.push(matmulCase({ batch: 1, M: 131, N: 530, K: 300, transA, transB, aBatchStride: 0, bBatchStride: 0, beta: 1 }, seed++));
    }
  }
  // Empty batch, rows or columns: nothing to do and nothing written.
  for (const [batch, M, N] of [[0, 3, 4], [2, 0, 4], [2, 3, 0]]) {
    cases.push(matmulCase({ batch, M, N, K: 5, transA: false, transB: false, aBatchStride: M * 5, bBatchStride: 5 * N, beta: 0 }, seed++));
  }
  return cases;
}

/** Special values in GEMM operands: a NaN or Infinity anywhere in a row or column reaches every product it meets. */
export function matmulSpecialCases(): KernelCase[] {
  const M = 6, N = 9, K = 5;
  const a = randomValues(M * K, 1), b = randomValues(K * N, 2);
  a[7] = NaN; a[12] = Infinity; b[3] = -Infinity; b[40] = 0; a[20] = 0; b[20] = Infinity;
  return [false, true].flatMap((transB) => [0, 1].map((beta) => {
    const p: MatmulParams = { batch: 1, M, N, K, transA: false, transB, aBatchStride: 0, bBatchStride: 0, beta: beta as 0 | 1 };
    return {
      label: `matmul N${transB ? 'T' : 'N'} with NaN, ±Infinity and zeros, beta ${beta}`,
      inputs: [a, b],
      outputs: [beta ? randomValues(M * N, 3) : new Array<number>(M * N).fill(NaN)],
      run: (k, [x, y], [out]) => k.matmul(x, y, out, p),
      scale: {
        label: 'scale', inputs: [a.map(Math.abs), b.map(Math.abs)], outputs: [beta ? randomValues(M * N, 3).map(Math.abs) : M * N],
        run: (k, [x, y], [out]) => k.matmul(x, y, out, p),
      },
    } satisfies KernelCase;
  }));
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function copyCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const shapes = [[17], [3, 5], [2, 3, 4], [2, 3, 1, 5], [2, 1, 3, 2, 3], [2, 3, 1, 2, 3, 2]];
  shapes.forEach((shape, r) => {
    const n = shape.reduce((p, d) => p * d, 1);
    const src = stridesOf(shape);
    const reversed = shape.map((_, i) => shape.length - 1 - i);
    const permutedShape = reversed.map((a) => shape[a]);
    const copies: [string, StridedCopy, number, number][] = [
      ['identity', { shape, srcStrides: src, srcOffset: 0, dstStrides: src, dstOffset: 0 }, n, n],
      ['reversed axes', { shape: permutedShape, srcStrides: reversed.map((a) => src[a]), srcOffset: 0,
        dstStrides: stridesOf(permutedShape), dstOffset: 0 }, n, n],
      // Written into the middle of a larger buffer, as concat does.
      ['into a wider buffer', { shape, srcStrides: src, srcOffset: 0,
        dstStrides: stridesOf([...shape.slice(0, -1), shape[shape.length - 1] + 3]), dstOffset: 2 }, n,
      (n / shape[shape.length - 1]) * (shape[shape.length - 1] + 3)],
      // Read from an offset with the first axis repeated (stride 0), as expand does.
      ['broadcast from an offset', { shape: [3, ...shape], srcStrides: [0, ...src], srcOffset: 5,
        dstStrides: stridesOf([3, ...shape]), dstOffset: 0 }, n + 5, 3 * n],
    ];
    for (const [what, c, srcSize, dstSize] of copies) {
      if (c.shape.length > 6) continue;
      cases.push({
        label: `copyStrided rank ${c.shape.length} ${what} (${shape})`,
        inputs: [randomValues(srcSize, 300 + r)],
        outputs: [randomValues(dstSize, 400 + r)],
        run: (k, [x], [out]) => k.copyStrided(x, out, c),
      });
    }
  });
  cases.push({
    label: 'copyStrided of an empty shape',
    inputs: [randomValues(4, 1)],
    outputs: [randomValues(4, 2)],
    run: (k, [x], [out]) => k.copyStrided(x, out, { shape: [2, 0, 2], srcStrides: [0, 2, 1], srcOffset: 0, dstStrides: [0, 2, 1], dstOffset: 0 }),
  });
  return cases;
}

export function gatherScatterCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dim of [1, 3, 17, 64, 65]) {
    const vocab = 11;
    const ids = [3, 0, 3, 10, 7, 3, 0, 5, 10];
    const table = randomValues(vocab * dim, dim);
    cases.push({
      label: `gather dim ${dim} with repeated ids`,
      inputs: [table, ids],
      outputs: [ids.length * dim],
      run: (k, [t, i], [out]) => k.gather(t, i, out, ids.length, dim),
    });
    cases.push({
      label: `scatterAdd dim ${dim} with repeated ids`,
      inputs: [randomValues(ids.length * dim, dim + 1), ids],
      outputs: [randomValues(vocab * dim, dim + 2)],
      run: (k, [s, i], [t]) => k.scatterAdd(s, i, t, ids.length, dim),
    });
  }
  cases.push({
    label: 'gather and scatterAdd of zero rows',
    inputs: [randomValues(12, 1), []],
    outputs: [0, randomValues(12, 2)],
    run: (k, [t, i], [out, t2]) => { k.gather(t, i, out, 0, 4); k.scatterAdd(out, i, t2, 0, 4); },
  });
  return cases;
}

export function gatherOutOfRange(id: number): KernelCase {
  return {
    label: `gather of id ${id} from a table of 4 rows`,
    inputs: [randomValues(12, 1), [0, id]],
    outputs: [6],
    run: (k, [t, i], [out]) => k.gather(t, i, out, 2, 3),
  };
}
