// Register-tiled SIMD GEMM: C (M×N) = beta·C + op(A)·op(B) for one matrix of a batch, over a block of rows and
// columns so threads can share the work. BLIS's structure: pack a KC-deep slab of B into NR-wide column panels and
// an MC×KC block of A into MR-tall row panels, then sweep an MR×NR register tile across them. Packing makes NN, NT,
// TN and TT one inner kernel, and keeps every inner-loop load contiguous.
import { madd } from './lanes';

// @ts-ignore: decorator
@inline const MR = 4;
// @ts-ignore: decorator
@inline const NR = 8;
// @ts-ignore: decorator
@inline export const KC = 256;
// @ts-ignore: decorator
@inline export const MC = 128;
// @ts-ignore: decorator
@inline export const NC = 512;

/** Bytes of packing scratch one thread needs. */
export const GEMM_SCRATCH_BYTES: i32 = (KC * NC + MC * KC + MR * NR) * 4;

/** Four rows of 4 floats, transposed: returns lane l of a, b, c, d as vector l (l = which). */
// @ts-ignore: decorator
@inline function transposeLane(a: v128, b: v128, c: v128, d: v128, which: i32): v128 {
  const ab = which < 2 ? v128.shuffle<f32>(a, b, 0, 4, 1, 5) : v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const cd = which < 2 ? v128.shuffle<f32>(c, d, 0, 4, 1, 5) : v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  return (which & 1) == 0 ? v128.shuffle<f32>(ab, cd, 0, 1, 4, 5) : v128.shuffle<f32>(ab, cd, 2, 3, 6, 7);
}

/**
 * One full NR-wide panel of a transposed B: eight rows of B (stride `ld` bytes), each contiguous in k, become kc rows
 * of 8 floats. Four k at a time through 4×4 transposes in registers, instead of 32 scattered scalar stores.
 */
function packTransposedPanel(src: usize, ld: usize, kc: i32, panel: usize): void {
  let k = 0;
  for (; k + 4 <= kc; k += 4) {
    const q = src + (<usize>k << 2);
    const a0 = v128.load(q), a1 = v128.load(q + ld), a2 = v128.load(q + 2 * ld), a3 = v128.load(q + 3 * ld);
    const a4 = v128.load(q + 4 * ld), a5 = v128.load(q + 5 * ld), a6 = v128.load(q + 6 * ld), a7 = v128.load(q + 7 * ld);
    const row = panel + (<usize>k << 5);
    v128.store(row, transposeLane(a0, a1, a2, a3, 0)); v128.store(row, transposeLane(a4, a5, a6, a7, 0), 16);
    v128.store(row, transposeLane(a0, a1, a2, a3, 1), 32); v128.store(row, transposeLane(a4, a5, a6, a7, 1), 48);
    v128.store(row, transposeLane(a0, a1, a2, a3, 2), 64); v128.store(row, transposeLane(a4, a5, a6, a7, 2), 80);
    v128.store(row, transposeLane(a0, a1, a2, a3, 3), 96); v128.store(row, transposeLane(a4, a5, a6, a7, 3), 112);
  }
  for (; k < kc; k++) {
    for (let c = 0; c < NR; c++) store<f32>(panel + (<usize>k << 5) + (c << 2), load<f32>(src + <usize>c * ld + (<usize>k << 2)));
  }
}

/**
 * B rows k0..k0+kc, columns j0..j0+nc → panels of NR columns, each kc×NR row-major; missing columns are 0. B's stored
 * rows (k, or j when transB) are ldb floats apart.
 */
export function packB(b: usize, transB: bool, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let p = 0; p < nc; p += NR) {
    const w = min(NR, nc - p);
    const panel = dst + <usize>(p * kc) * 4;
    if (!transB && w == NR) {
      let src = b + (<usize>k0 * ldb + j0 + p) * 4;
      for (let k = 0; k < kc; k++) {
        v128.store(panel + <usize>k * 32, v128.load(src));
        v128.store(panel + <usize>k * 32, v128.load(src, 16), 16);
        src += <usize>ldb * 4;
      }
    } else if (!transB) {
      for (let k = 0; k < kc; k++) {
        const src = b + (<usize>(k0 + k) * ldb + j0 + p) * 4;
        const row = panel + <usize>k * 32;
        v128.store(row, f32x4.splat(0));
        v128.store(row, f32x4.splat(0), 16);
        for (let c = 0; c < w; c++) store<f32>(row + c * 4, load<f32>(src + c * 4));
      }
    } else if (w == NR) {
      packTransposedPanel(b + (<usize>(j0 + p) * ldb + k0) * 4, <usize>ldb * 4, kc, panel);
    } else {
      // B stored (N×K): column j of op(B) is row j of B, contiguous in k.
      if (w < NR) for (let k = 0; k < kc; k++) {
        v128.store(panel + <usize>k * 32, f32x4.splat(0));
        v128.store(panel + <usize>k * 32, f32x4.splat(0), 16);
      }
      for (let c = 0; c < w; c++) {
        const src = b + (<usize>(j0 + p + c) * ldb + k0) * 4;
        const col = panel + c * 4;
        for (let k = 0; k < kc; k++) store<f32>(col + <usize>k * 32, load<f32>(src + <usize>k * 4));
      }
    }
  }
}

/**
 * A rows i0..i0+mc, columns k0..k0+kc → panels of MR rows, each kc×MR (k-major); missing rows are 0. A's stored rows
 * (i, or k when transA) are lda floats apart.
 */
function packA(a: usize, transA: bool, lda: i32, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < mc; p += MR) {
    const h = min(MR, mc - p);
    const panel = dst + <usize>(p * kc) * 4;
    if (transA && h == MR) {
      let src = a + (<usize>k0 * lda + i0 + p) * 4;
      for (let k = 0; k < kc; k++) {
        v128.store(panel + <usize>k * 16, v128.load(src));
        src += <usize>lda * 4;
      }
    } else if (transA) {
      for (let k = 0; k < kc; k++) {
        const src = a + (<usize>(k0 + k) * lda + i0 + p) * 4;
        const col = panel + <usize>k * 16;
        v128.store(col, f32x4.splat(0));
        for (let r = 0; r < h; r++) store<f32>(col + r * 4, load<f32>(src + r * 4));
      }
    } else if (h == MR) {
      // Four rows, each contiguous in k: 4×4 blocks transposed in registers, instead of 16 scalar stores each.
      const ld = <usize>lda * 4;
      const src = a + (<usize>(i0 + p) * lda + k0) * 4;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const q = src + (<usize>k << 2);
        const r0 = v128.load(q), r1 = v128.load(q + ld), r2 = v128.load(q + 2 * ld), r3 = v128.load(q + 3 * ld);
        const col = panel + (<usize>k << 4);
        v128.store(col, transposeLane(r0, r1, r2, r3, 0));
        v128.store(col, transposeLane(r0, r1, r2, r3, 1), 16);
        v128.store(col, transposeLane(r0, r1, r2, r3, 2), 32);
        v128.store(col, transposeLane(r0, r1, r2, r3, 3), 48);
      }
      for (; k < kc; k++) {
        for (let r = 0; r < MR; r++) store<f32>(panel + (<usize>k << 4) + (r << 2), load<f32>(src + <usize>r * ld + (<usize>k << 2)));
      }
    } else {
      for (let k = 0; k < kc; k++) v128.store(panel + <usize>k * 16, f32x4.splat(0));
      for (let r = 0; r < h; r++) {
        const src = a + (<usize>(i0 + p + r) * lda + k0) * 4;
        const row = panel + r * 4;
        for (let k = 0; k < kc; k++) store<f32>(row + <usize>k * 16, load<f32>(src + <usize>k * 4));
      }
    }
  }
}

/**
 * The MR×NR register tile: c (row stride ldc bytes) = (accumulate ? c : 0) + Σ_k ap[k]ᵀ·bp[k], then, when eDelta ≠ 0,
 * times the multipliers at c + eDelta (MatmulParams.scaleBy, laid out as C) before it is stored.
 */
export function microKernel(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool, eDelta: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 16; bp += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16)); c += ldc;
    c10 = f32x4.add(c10, v128.load(c)); c11 = f32x4.add(c11, v128.load(c, 16)); c += ldc;
    c20 = f32x4.add(c20, v128.load(c)); c21 = f32x4.add(c21, v128.load(c, 16)); c += ldc;
    c30 = f32x4.add(c30, v128.load(c)); c31 = f32x4.add(c31, v128.load(c, 16));
    c -= ldc * 3;
  }
  if (eDelta) {
    let e = c + eDelta;
    c00 = f32x4.mul(c00, v128.load(e)); c01 = f32x4.mul(c01, v128.load(e, 16)); e += ldc;
    c10 = f32x4.mul(c10, v128.load(e)); c11 = f32x4.mul(c11, v128.load(e, 16)); e += ldc;
    c20 = f32x4.mul(c20, v128.load(e)); c21 = f32x4.mul(c21, v128.load(e, 16)); e += ldc;
    c30 = f32x4.mul(c30, v128.load(e)); c31 = f32x4.mul(c31, v128.load(e, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

/** A tile at the matrix edge: computed whole into `tile`, then only its rows × cols land in C. */
function edgeKernel(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool, eDelta: usize, rows: i32, cols: i32,
  tile: usize): void {
  microKernel(ap, bp, kc, tile, NR * 4, false, 0);
  for (let r = 0; r < rows; r++) {
    const dst = c + <usize>r * ldc, src = tile + r * NR * 4;
    for (let j = 0; j < cols; j++) {
      const q = dst + j * 4;
      const v = accumulate ? load<f32>(q) + load<f32>(src + j * 4) : load<f32>(src + j * 4);
      store<f32>(q, eDelta ? v * load<f32>(q + eDelta) : v);
    }
  }
}

/**
 * Loads one float from every cache line of a rows × cols matrix (rows ld floats apart) and returns their sum. wasm
 * has no prefetch instruction, and a matrix read a few rows at a time, far apart (a head inside (B, T, 3C); the
 * epilogue's multipliers, read down 32-byte column strips), waits on one miss after another; these independent
 * loads put all of them in flight together first. Store the sum somewhere, so that the loads are not optimised away.
 */
export function touch(p: usize, rows: i32, cols: i32, ld: i32): f32 {
  let s: f32 = 0;
  for (let r = 0; r < rows; r++) {
    const row = p + (<usize>r * ld << 2);
    for (let j = 0; j < cols; j += 16) s += load<f32>(row + (<usize>j << 2));
  }
  return s;
}

/**
 * C[i0..i1, j0..j0+nc) (accumulate ? += : =) op(A)[i0..i1, k0..k0+kc) · (the k-block of B packed at bPack).
 * Sweeps MC-row blocks of A (packed into aPack) with the register tile across B's column panels.
 */
function sweep(a: usize, transA: bool, lda: i32, k0: i32, kc: i32, i0: i32, i1: i32, bPack: usize, j0: i32, nc: i32,
  c: usize, ldcFloats: i32, accumulate: bool, eDelta: usize, aPack: usize, tile: usize): void {
  const ldc = <usize>ldcFloats * 4;
  for (let ic = i0; ic < i1; ic += MC) {
    const mc = min(MC, i1 - ic);
    packA(a, transA, lda, ic, mc, k0, kc, aPack);
    // The multipliers were written long before (gelu′, in the forward pass): a [768×512×128] product with them
    // cold took 3.0 ms instead of 2.1, and 2.3 with this.
    if (eDelta) store<f32>(tile, touch(c + (<usize>ic * ldcFloats + j0) * 4 + eDelta, mc, nc, ldcFloats));
    for (let jr = 0; jr < nc; jr += NR) {
      const cols = min(NR, nc - jr);
      const bp = bPack + <usize>(jr * kc) * 4;
      let cp = c + (<usize>ic * ldcFloats + j0 + jr) * 4;
      for (let ir = 0; ir < mc; ir += MR) {
        const rows = min(MR, mc - ir);
        const ap = aPack + <usize>(ir * kc) * 4;
        if (rows == MR && cols == NR) microKernel(ap, bp, kc, cp, ldc, accumulate, eDelta);
        else edgeKernel(ap, bp, kc, cp, ldc, accumulate, eDelta, rows, cols, tile);
        cp += ldc * MR;
      }
    }
  }
}

/** beta = 0 with K = 0: the product is empty and C is zeroed (times the epilogue's multipliers, as a product would be). */
function zeroBlock(c: usize, ldc: i32, i0: i32, i1: i32, j0: i32, nc: i32, eDelta: usize): void {
  for (let i = i0; i < i1; i++) {
    const row = c + (<usize>i * ldc + j0) * 4;
    if (!eDelta) memory.fill(row, 0, <usize>nc * 4);
    else for (let j = 0; j < nc; j++) store<f32>(row + j * 4, <f32>0 * load<f32>(row + j * 4 + eDelta));
  }
}

/** The epilogue's multipliers are applied with the last k-block, when the sums are whole. */
// @ts-ignore: decorator
@inline function lastBlockOnly(eDelta: usize, k0: i32, kc: i32, K: i32): usize {
  return k0 + kc >= K ? eDelta : 0;
}

/**
 * Rows i0..i1 and columns j0..j1 (j1 − j0 ≤ NC) of one GEMM, packing B itself. a, b, c point at this batch entry's
 * matrices, whose stored rows are lda, ldb, ldc floats apart; scratch holds GEMM_SCRATCH_BYTES. eDelta ≠ 0: the
 * epilogue's multipliers lie at c + eDelta, laid out as C.
 */
export function gemmBlock(a: usize, b: usize, c: usize, lda: i32, ldb: i32, ldc: i32, K: i32, transA: bool, transB: bool,
  beta: i32, eDelta: usize, i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize): void {
  const nc = j1 - j0;
  if (K == 0) {
    if (beta == 0) zeroBlock(c, ldc, i0, i1, j0, nc, eDelta);
    return;
  }
  const bPack = scratch, aPack = scratch + KC * NC * 4, tile = aPack + MC * KC * 4;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packB(b, transB, ldb, k0, kc, j0, nc, bPack);
    sweep(a, transA, lda, k0, kc, i0, i1, bPack, j0, nc, c, ldc, beta != 0 || k0 > 0, lastBlockOnly(eDelta, k0, kc, K), aPack, tile);
  }
}

/** Floats of B packed whole (every k-block, every column panel): see packedPanel. */
export function packedBFloats(N: i32, K: i32): i32 {
  return K * ((N + NR - 1) & ~(NR - 1));
}

/** Where B's k-block starting at k0 (kc deep) begins in a whole-B packing, columns j0… (j0 a multiple of NR). */
// @ts-ignore: decorator
@inline export function packedPanel(packed: usize, N: i32, k0: i32, kc: i32, j0: i32): usize {
  return packed + (<usize>k0 * ((N + NR - 1) & ~(NR - 1)) + <usize>j0 * kc) * 4;
}

/**
 * Rows i0..i1, columns j0..j1 of one packed GEMM (A stored with rows of M or, transposed, K floats; C (M×N)) whose
 * B was packed whole beforehand (so threads share one packing).
 */
export function gemmPrepacked(a: usize, packed: usize, c: usize, M: i32, N: i32, K: i32, transA: bool, beta: i32,
  eDelta: usize, i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize): void {
  const nc = j1 - j0;
  if (K == 0) {
    if (beta == 0) zeroBlock(c, N, i0, i1, j0, nc, eDelta);
    return;
  }
  const aPack = scratch + KC * NC * 4, tile = aPack + MC * KC * 4;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    sweep(a, transA, transA ? M : K, k0, kc, i0, i1, packedPanel(packed, N, k0, kc, j0), j0, nc, c, N, beta != 0 || k0 > 0,
      lastBlockOnly(eDelta, k0, kc, K), aPack, tile);
  }
}
