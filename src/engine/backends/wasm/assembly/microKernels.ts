// The GEMM's register tiles (gemm.ts packs, these multiply): an MR×NR block of C held in eight f32x4 accumulators
// while k runs, fed from packed panels of A and B, or with A read where it lies for narrow products.

// @ts-ignore: decorator
@inline export const MR = 4;
// @ts-ignore: decorator
@inline export const NR = 8;

/** a·b + c: one fused instruction in the relaxed-SIMD builds, mul then add otherwise. */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** The MR×NR register tile: c (row stride ldc bytes) = (accumulate ? c : 0) + Σ_k ap[k]ᵀ·bp[k]. */
export function microKernel(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
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
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

/**
 * microKernel reading A where it lies instead of from a packed panel: A(r, k) at a + r·rowStep + k·kStep (bytes).
 * For narrow products (attention's heads) packing A costs about as much as it saves, since each packed panel would
 * meet only a few panels of B.
 */
export function microKernelDirect(a: usize, rowStep: usize, kStep: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a0 = a;
  const a1 = rowStep, a2 = rowStep * 2, a3 = rowStep * 3;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let x = v128.load32_splat(a0);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(a0 + a1);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(a0 + a2);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(a0 + a3);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    a0 += kStep; bp += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16)); c += ldc;
    c10 = f32x4.add(c10, v128.load(c)); c11 = f32x4.add(c11, v128.load(c, 16)); c += ldc;
    c20 = f32x4.add(c20, v128.load(c)); c21 = f32x4.add(c21, v128.load(c, 16)); c += ldc;
    c30 = f32x4.add(c30, v128.load(c)); c31 = f32x4.add(c31, v128.load(c, 16));
    c -= ldc * 3;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

/** A tile at the matrix edge: computed whole into `tile`, then only its rows × cols land in C. */
export function edgeKernel(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool, rows: i32, cols: i32, tile: usize): void {
  microKernel(ap, bp, kc, tile, NR * 4, false);
  landTile(tile, c, ldc, accumulate, rows, cols);
}

/** The rows × cols corner of a computed MR×NR tile into C. */
export function landTile(tile: usize, c: usize, ldc: usize, accumulate: bool, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const dst = c + <usize>r * ldc, src = tile + r * NR * 4;
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(src + j * 4);
      store<f32>(dst + j * 4, accumulate ? load<f32>(dst + j * 4) + v : v);
    }
  }
}
