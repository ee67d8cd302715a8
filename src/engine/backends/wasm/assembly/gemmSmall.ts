// GEMM for one to three rows (token-by-token generation, where packing would cost as much as the product itself):
// op(B) not transposed is an axpy over rows of B; transposed, a dot product with each row of B, four rows at a time.
// Both stream B once.
import { hsum, madd } from './lanes';

/** c[i, j0..j1) = beta·c + Σ_k A(i,k)·B[k, j0..j1) for B stored (K×N), its rows ldb floats apart. */
function rowTimesB(a: usize, aStep: usize, b: usize, crow: usize, ldb: i32, K: i32, beta: i32, j0: i32, j1: i32): void {
  if (beta == 0) memory.fill(crow + (<usize>j0 << 2), 0, <usize>(j1 - j0) << 2);
  let k = 0;
  for (; k + 2 <= K; k += 2) {
    const a0 = f32x4.splat(load<f32>(a + <usize>k * aStep)), a1 = f32x4.splat(load<f32>(a + <usize>(k + 1) * aStep));
    const b0 = b + (<usize>k * ldb << 2), b1 = b0 + (<usize>ldb << 2);
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const q = <usize>j << 2;
      const t = f32x4.add(v128.load(crow + q), f32x4.mul(a0, v128.load(b0 + q)));
      v128.store(crow + q, f32x4.add(t, f32x4.mul(a1, v128.load(b1 + q))));
    }
    for (; j < j1; j++) {
      const q = <usize>j << 2;
      const t = load<f32>(crow + q) + f32x4.extract_lane(a0, 0) * load<f32>(b0 + q);
      store<f32>(crow + q, t + f32x4.extract_lane(a1, 0) * load<f32>(b1 + q));
    }
  }
  if (k < K) {
    const av = f32x4.splat(load<f32>(a + <usize>k * aStep));
    const b0 = b + (<usize>k * ldb << 2);
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const q = <usize>j << 2;
      v128.store(crow + q, f32x4.add(v128.load(crow + q), f32x4.mul(av, v128.load(b0 + q))));
    }
    for (; j < j1; j++) {
      const q = <usize>j << 2;
      store<f32>(crow + q, load<f32>(crow + q) + f32x4.extract_lane(av, 0) * load<f32>(b0 + q));
    }
  }
}

/** Σ_k x[k]·y[k] over K contiguous floats. */
function dot(x: usize, y: usize, K: i32): f32 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  let k = 0;
  for (; k + 8 <= K; k += 8) {
    const q = <usize>k << 2;
    a0 = f32x4.add(a0, f32x4.mul(v128.load(x + q), v128.load(y + q)));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(x + q, 16), v128.load(y + q, 16)));
  }
  let s = hsum(f32x4.add(a0, a1));
  for (; k < K; k++) s += load<f32>(x + (<usize>k << 2)) * load<f32>(y + (<usize>k << 2));
  return s;
}

/**
 * The dot products of x with four rows of B (rows ldb bytes apart, K contiguous floats each), as the lanes of one
 * vector. One dot at a time is a chain of dependent adds, each waiting on the last; four rows side by side keep
 * eight independent sums in flight and load x once for all four. A decoded token's [1×128×512] NT product took 6.4
 * instead of 8.4 µs with its weights in L2; the recipe's KV-cache token, 0.27 instead of 0.28–0.29 ms.
 */
function dot4(x: usize, b: usize, ldb: usize, K: i32): v128 {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
  const b1 = b + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
  let k = 0;
  for (; k + 8 <= K; k += 8) {
    const q = <usize>k << 2;
    const xa = v128.load(x + q), xb = v128.load(x + q, 16);
    s0 = madd(xa, v128.load(b + q), s0); t0 = madd(xb, v128.load(b + q, 16), t0);
    s1 = madd(xa, v128.load(b1 + q), s1); t1 = madd(xb, v128.load(b1 + q, 16), t1);
    s2 = madd(xa, v128.load(b2 + q), s2); t2 = madd(xb, v128.load(b2 + q, 16), t2);
    s3 = madd(xa, v128.load(b3 + q), s3); t3 = madd(xb, v128.load(b3 + q, 16), t3);
  }
  s0 = f32x4.add(s0, t0); s1 = f32x4.add(s1, t1); s2 = f32x4.add(s2, t2); s3 = f32x4.add(s3, t3);
  // lane sums of s0..s3 as the four lanes of one vector: pairwise interleave and add, twice
  const s01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  let sums = f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
  if (k < K) { // the last K mod 8 columns, one at a time
    let tail = f32x4.splat(0);
    for (; k < K; k++) {
      const q = <usize>k << 2;
      let rowsAtK = f32x4.splat(load<f32>(b + q));
      rowsAtK = f32x4.replace_lane(rowsAtK, 1, load<f32>(b1 + q));
      rowsAtK = f32x4.replace_lane(rowsAtK, 2, load<f32>(b2 + q));
      rowsAtK = f32x4.replace_lane(rowsAtK, 3, load<f32>(b3 + q));
      tail = madd(f32x4.splat(load<f32>(x + q)), rowsAtK, tail);
    }
    sums = f32x4.add(sums, tail);
  }
  return sums;
}

/** c[j0..j1) ⊙= the multipliers eDelta bytes past them (the epilogue, MatmulParams.scaleBy). */
function scaleRow(crow: usize, eDelta: usize, j0: i32, j1: i32): void {
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const q = crow + (<usize>j << 2);
    v128.store(q, f32x4.mul(v128.load(q), v128.load(q + eDelta)));
  }
  for (; j < j1; j++) {
    const q = crow + (<usize>j << 2);
    store<f32>(q, load<f32>(q) * load<f32>(q + eDelta));
  }
}

/**
 * Rows 0..M−1 (M ≤ 3) and columns j0..j1 of one GEMM, the stored rows of A, B and C lda, ldb, ldc floats apart. A
 * row that is strided (transA) is first copied into scratch (K floats) so the dot products read it contiguously.
 * eDelta ≠ 0: each finished row is multiplied by the epilogue's multipliers, eDelta bytes past it.
 */
export function gemmSmall(a: usize, b: usize, c: usize, M: i32, lda: i32, ldb: i32, ldc: i32, K: i32, transA: bool,
  transB: bool, beta: i32, eDelta: usize, j0: i32, j1: i32, scratch: usize): void {
  for (let i = 0; i < M; i++) {
    const crow = c + (<usize>i * ldc << 2);
    // A(i, k) lives at a + i·lda + k, or transposed at a + k·lda + i
    const arow = transA ? a + (<usize>i << 2) : a + (<usize>i * lda << 2);
    const aStep: usize = transA ? <usize>lda << 2 : 4;
    if (!transB) {
      rowTimesB(arow, aStep, b, crow, ldb, K, beta, j0, j1);
      if (eDelta) scaleRow(crow, eDelta, j0, j1);
      continue;
    }
    let x = arow;
    if (transA) {
      for (let k = 0; k < K; k++) store<f32>(scratch + (<usize>k << 2), load<f32>(arow + <usize>k * aStep));
      x = scratch;
    }
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const q = crow + (<usize>j << 2);
      const d = dot4(x, b + (<usize>j * ldb << 2), <usize>ldb << 2, K);
      v128.store(q, beta == 0 ? d : f32x4.add(v128.load(q), d));
    }
    for (; j < j1; j++) {
      const d = dot(x, b + (<usize>j * ldb << 2), K);
      const q = crow + (<usize>j << 2);
      store<f32>(q, beta == 0 ? d : load<f32>(q) + d);
    }
    if (eDelta) scaleRow(crow, eDelta, j0, j1);
  }
}
