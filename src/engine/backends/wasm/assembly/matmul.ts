// Batched GEMM driver: cuts the batch × rows × columns of C into tasks and runs them on this thread's share.
// With threads, tasks are claimed from a shared counter (dynamic, so a thread slowed by the OS just takes fewer);
// without, this thread takes every task. One to three rows go to gemmSmall, everything else to the packed kernel.
import { GEMM_SCRATCH_BYTES, KC, NC, gemmBlock, gemmPrepacked, packB, packedPanel, touch } from './gemm';
import { gemmSmall } from './gemmSmall';

/** The next task index for this thread: from the shared counter with threads, else part, part+parts, … */
// @ts-ignore: decorator
@inline function nextTask(counter: usize, previous: i32, parts: i32): i32 {
  if (ASC_FEATURE_THREADS) {
    if (parts > 1) return atomic.add<i32>(counter, 1);
  }
  return previous + parts;
}

/**
 * For each batch entry (o, h), index o·heads + h: C = beta·C + op(A)·op(B), with A at a + o·aOuter + h·aHead (floats)
 * and its stored rows lda floats apart, B and C likewise (backend.ts MatrixLayout). eDelta ≠ 0 (beta 0): each product
 * is multiplied by the float eDelta bytes past it (MatmulParams.scaleBy, laid out as C). scratch holds
 * GEMM_SCRATCH_BYTES per thread; counter is an i32 set to 0 before a threaded call.
 */
export function matmul(a: usize, b: usize, c: usize, batch: i32, M: i32, N: i32, K: i32, transA: bool, transB: bool,
  heads: i32, lda: i32, aOuter: i32, aHead: i32, ldb: i32, bOuter: i32, bHead: i32, ldc: i32, cOuter: i32, cHead: i32,
  beta: i32, eDelta: usize, scratch: usize, counter: usize, part: i32, parts: i32): void {
  if (batch == 0 || M == 0 || N == 0) return;
  const small = M < 4;
  // Enough tasks to keep every thread busy: split columns by NC, then rows, until there are ~3 per thread.
  const nTiles = (N + NC - 1) / NC;
  let mTiles = 1;
  if (parts > 1 && !small) {
    const wanted = 3 * parts;
    const perBatch = batch * nTiles;
    if (perBatch < wanted) mTiles = min((wanted + perBatch - 1) / perBatch, (M + 15) / 16);
  }
  let colTiles = nTiles;
  if (parts > 1 && small) colTiles = max(nTiles, min(2 * parts, (N + 63) / 64));
  const rowsPerTile = (((M + mTiles - 1) / mTiles) + 3) & ~3;
  const colsPerTile = small ? (((N + colTiles - 1) / colTiles) + 7) & ~7 : NC;
  const perBatch = mTiles * colTiles;
  const tasks = batch * perBatch;
  const myScratch = scratch + <usize>part * GEMM_SCRATCH_BYTES;
  let t = parts > 1 && ASC_FEATURE_THREADS ? nextTask(counter, 0, parts) : part;
  while (t < tasks) {
    const bi = t / perBatch, rest = t % perBatch;
    const mi = rest / colTiles, ni = rest % colTiles;
    const i0 = mi * rowsPerTile, i1 = min(M, i0 + rowsPerTile);
    const j0 = ni * colsPerTile, j1 = min(N, j0 + colsPerTile);
    const o = bi / heads, h = bi % heads;
    const ab = a + (<usize>(o * aOuter + h * aHead) << 2);
    const bb = b + (<usize>(o * bOuter + h * bHead) << 2);
    const cb = c + (<usize>(o * cOuter + h * cHead) << 2);
    if (i0 < i1 && j0 < j1) {
      if (heads > 1 && !small) {
        // head-strided operands, far apart and usually not in cache (see touch; the head GEMMs' share of GEMM time
        // fell ~10 % in profile:step); the sum lands in scratch so the loads are not optimised away
        const s = touch(ab, transA ? K : M, transA ? M : K, lda) + touch(bb, transB ? N : K, transB ? K : N, ldb);
        store<f32>(myScratch, s);
      }
      if (small) gemmSmall(ab, bb, cb, M, lda, ldb, ldc, K, transA, transB, beta, eDelta, j0, j1, myScratch);
      else gemmBlock(ab, bb, cb, lda, ldb, ldc, K, transA, transB, beta, eDelta, i0, i1, j0, j1, myScratch);
    }
    t = nextTask(counter, t, parts);
  }
}

/**
 * Packs all of B (K×N, or N×K when transB) for gemmPrepacked into `packed` (packedBFloats floats). Threads split the
 * column panels, so a big GEMM packs B once instead of once per row task.
 */
export function packBWhole(b: usize, transB: bool, N: i32, K: i32, packed: usize, part: i32, parts: i32): void {
  const panels = (N + 7) / 8;
  const p0 = <i32>((<i64>panels * part) / parts), p1 = <i32>((<i64>panels * (part + 1)) / parts);
  const j0 = p0 * 8, j1 = min(N, p1 * 8);
  if (j0 >= j1) return;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packB(b, transB, transB ? K : N, k0, kc, j0, j1 - j0, packedPanel(packed, N, k0, kc, j0));
  }
}

/** One GEMM (no batch) over a B that packBWhole packed: tasks are blocks of rows, claimed as in matmul. */
export function matmulPrepacked(a: usize, packed: usize, c: usize, M: i32, N: i32, K: i32, transA: bool, beta: i32,
  eDelta: usize, scratch: usize, counter: usize, part: i32, parts: i32): void {
  if (M == 0 || N == 0) return;
  const tasks = min(4 * parts, (M + 15) / 16);
  const rowsPerTile = (((M + tasks - 1) / tasks) + 3) & ~3;
  const myScratch = scratch + <usize>part * GEMM_SCRATCH_BYTES;
  let t = parts > 1 && ASC_FEATURE_THREADS ? nextTask(counter, 0, parts) : part;
  while (t < tasks) {
    const i0 = t * rowsPerTile, i1 = min(M, i0 + rowsPerTile);
    for (let j0 = 0; i0 < i1 && j0 < N; j0 += NC) gemmPrepacked(a, packed, c, M, N, K, transA, beta, eDelta, i0, i1, j0, min(N, j0 + NC), myScratch);
    t = nextTask(counter, t, parts);
  }
}
