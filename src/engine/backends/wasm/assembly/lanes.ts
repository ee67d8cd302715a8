// Small helpers shared by the kernels: partial vectors for loop tails and the split of a range among threads.

/** The first `count` (< 4) floats at p in a vector; the other lanes are 0. */
// @ts-ignore: decorator
@inline export function loadPartial(p: usize, count: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first `count` (< 4) lanes of v at p. */
// @ts-ignore: decorator
@inline export function storePartial(p: usize, v: v128, count: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** a·b + c: fused (one instruction, one rounding) in the relaxed-SIMD builds, mul then add otherwise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Largest lane, NaN if any lane is NaN (Math.max-like). */
// @ts-ignore: decorator
@inline export function hmax(v: v128): f32 {
  const m = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1));
}

/** Start of this thread's share of n items, a multiple of `align` (the last share ends at n). */
// @ts-ignore: decorator
@inline export function shareStart(n: i32, part: i32, parts: i32, align: i32): i32 {
  if (part >= parts) return n;
  const s = <i32>((<i64>n * part) / parts);
  return s - s % align;
}
