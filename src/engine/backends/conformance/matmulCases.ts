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
    [17, 63, 65], [65, 129, 17], [33, 1, 40], [64, 64, 64], [7, 3, 0], [8, 13, 20], [12, 61, 9], [300, 24, 5]];
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

/** A GEMM over head-strided operands (MatmulParams.strided); C holds NaN or random numbers around its matrices. */
function stridedCase(label: string, p: MatmulParams, sizes: [number, number, number], seed: number): KernelCase {
  const [aSize, bSize, cSize] = sizes;
  const a = randomValues(aSize, seed), b = randomValues(bSize, seed + 1);
  // beta 0: whatever C held inside its matrices is overwritten, and the NaNs around them must survive
  const c = p.beta === 1 ? randomValues(cSize, seed + 2) : new Array<number>(cSize).fill(NaN);
  const run: KernelCase['run'] = (k, [x, y], [out]) => k.matmul(x, y, out, p);
  return {
    label: `matmul ${p.transA ? 'T' : 'N'}${p.transB ? 'T' : 'N'} head-strided ${label} batch ${p.batch} (${p.M}×${p.K})·(${p.K}×${p.N}) beta ${p.beta}`,
    inputs: [a, b],
    outputs: [c],
    run,
    scale: {
      label: 'scale', inputs: [a.map(Math.abs), b.map(Math.abs)], outputs: [c.map((v) => (Number.isNaN(v) ? 0 : Math.abs(v)))], run,
    },
  };
}

/**
 * Attention's six products read and written in place (ops/heads.ts): q, k, v are heads of a (B, T, 3C) projection,
 * y and dy heads of (B, T, C), scores and weights contiguous (B, nh, T, T). T < 4 reaches the wasm small-row kernel.
 */
export function matmulHeadStridedCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  let seed = 5000;
  for (const [B, nh, T, hs] of [[2, 3, 5, 4], [1, 2, 2, 3], [2, 2, 17, 8], [3, 4, 9, 16], [2, 2, 12, 6]]) {
    const C = nh * hs, qkvSize = B * T * 3 * C, ySize = B * T * C, sSize = B * nh * T * T;
    const part = (i: number) => ({ offset: i * C, ld: 3 * C, outer: T * 3 * C, head: hs });
    const heads = { offset: 0, ld: C, outer: T * C, head: hs };
    const square = { offset: 0, ld: T, outer: nh * T * T, head: T * T };
    const base = { batch: B * nh, aBatchStride: 0, bBatchStride: 0 };
    const shape = `B ${B} nh ${nh} T ${T} hs ${hs}`;
    for (const beta of [0, 1] as const) {
      const add = (what: string, p: Omit<MatmulParams, 'batch' | 'aBatchStride' | 'bBatchStride' | 'beta'>, sizes: [number, number, number]) =>
        cases.push(stridedCase(`${what} ${shape}`, { ...base, ...p, beta }, sizes, seed++));
      add('scores = q·kᵀ', { M: T, N: T, K: hs, transA: false, transB: true, strided: { heads: nh, a: part(0), b: part(1), c: square } },
        [qkvSize, qkvSize, sSize]);
      add('dq = dS·k', { M: T, N: hs, K: T, transA: false, transB: false, strided: { heads: nh, a: square, b: part(1), c: part(0) } },
        [sSize, qkvSize, qkvSize]);
      add('dk = dSᵀ·q', { M: T, N: hs, K: T, transA: true, transB: false, strided: { heads: nh, a: square, b: part(0), c: part(1) } },
        [sSize, qkvSize, qkvSize]);
      add('y = W·v', { M: T, N: hs, K: T, transA: false, transB: false, strided: { heads: nh, a: square, b: part(2), c: heads } },
        [sSize, qkvSize, ySize]);
      add('dW = dy·vᵀ', { M: T, N: T, K: hs, transA: false, transB: true, strided: { heads: nh, a: heads, b: part(2), c: square } },
        [ySize, qkvSize, sSize]);
      add('dv = Wᵀ·dy', { M: T, N: hs, K: T, transA: true, transB: false, strided: { heads: nh, a: square, b: heads, c: part(2) } },
        [sSize, ySize, qkvSize]);
    }
  }
  // A transposed B read head-strided with a transposed A: the one pair attention does not use.
  const strided = { heads: 2, a: { offset: 3, ld: 11, outer: 70, head: 35 }, b: { offset: 1, ld: 9, outer: 50, head: 4 },
    c: { offset: 2, ld: 8, outer: 100, head: 48 } };
  cases.push(stridedCase('TT offsets', { batch: 4, M: 6, N: 5, K: 3, transA: true, transB: true, aBatchStride: 0, bBatchStride: 0,
    beta: 0, strided }, [3 + 70 + 35 + 2 * 11 + 6, 1 + 50 + 4 + 4 * 9 + 3, 2 + 100 + 48 + 5 * 8 + 5], seed++));
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

/**
 * The GEMM with its epilogue (MatmulParams.scaleBy): every product times the multiplier at its own index, over NaN-filled
 * outputs. Covers every transpose pair, one to three rows (the wasm small-row kernel, the webgpu matrix-vector shaders),
 * one column, K = 0, K deeper than one cache block (the multipliers must wait for the last one), batches with a
 * shared B (the wasm pack cache and shared packing reach it through a 2-D product), and a zero multiplier.
 */
export function matmulScaledCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  let seed = 7000;
  const sizes: [number, number, number, number][] = [[1, 1, 17, 9], [1, 3, 40, 12], [1, 2, 5, 300], [1, 9, 1, 6],
    [1, 7, 3, 0], [1, 33, 70, 20], [1, 131, 530, 300], [3, 5, 17, 9], [1, 64, 64, 64]];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      for (const [batch, M, N, K] of sizes) {
        const p: MatmulParams = { batch, M, N, K, transA, transB, aBatchStride: M * K, bBatchStride: batch === 3 ? 0 : K * N, beta: 0 };
        const a = randomValues(batch * M * K, seed), b = randomValues(K * N, seed + 1), e = randomValues(batch * M * N, seed + 2);
        e[0] = 0; // a zero multiplier gives a zero product, however big the sum
        seed += 3;
        const run: KernelCase['run'] = (k, [x, y, scale], [out]) => k.matmul(x, y, out, { ...p, scaleBy: scale });
        const c = new Array<number>(batch * M * N).fill(NaN);
        cases.push({
          label: `matmul ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ⊙ scaleBy batch ${batch} (${M}×${K})·(${K}×${N})`,
          inputs: [a, b, e], outputs: [c], run,
          scale: { label: 'scale', inputs: [a.map(Math.abs), b.map(Math.abs), e.map(Math.abs)], outputs: [c.map(() => 0)], run },
        });
      }
    }
  }
  return cases;
}
