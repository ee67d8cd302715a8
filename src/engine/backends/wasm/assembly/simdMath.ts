// f32x4 versions of the transcendental functions the hot kernels need (exp, tanh, GELU and its derivative), accurate
// to about 2 ulp and matching the js backend's special values: NaN stays NaN, ±Infinity and overflow saturate as
// Math.exp/Math.tanh do. exp is the classic range reduction e^x = 2^n·e^r with a Taylor polynomial for e^r.

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// ln 2 split in two so n·ln2 is subtracted exactly for |n| < 2^9
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693145751953125;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = 1.42860682030941723212e-6;
// √(2/π) and GPT-2's cubic coefficient
// @ts-ignore: decorator
@inline export const GELU_A: f32 = 0.7978845608028654;
// @ts-ignore: decorator
@inline export const GELU_B: f32 = 0.044715;

/** p·2^n for integer lanes n in [-150, 128]: two exponent-field factors applied one after the other, so results
 *  near the top of the range (2^128 alone is ∞) and subnormal results both come out right. */
// @ts-ignore: decorator
@inline function scaleByPow2(p: v128, n: v128): v128 {
  const half = i32x4.shr_s(n, 1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(half, bias), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, half), bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** e^x per lane. */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  // Clamp to where e^x leaves the f32 range (min/max keep NaN), so the integer conversion below cannot wrap.
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(88.8)), f32x4.splat(-104.0));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  // e^r for |r| ≤ ln2/2, Taylor to degree 7 (truncation error < 1e-8)
  let p = f32x4.splat(1.0 / 5040.0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 720.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  return scaleByPow2(p, i32x4.trunc_sat_f32x4_s(n));
}

/** tanh per lane: an odd polynomial near 0 (fitted to tanh(x)/x on [0, 0.625]), 1 − 2/(e^{2|x|} + 1) beyond. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-0.005709965713322163);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(0.020642254501581192));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-0.053739842027425766));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(0.13331419229507446));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-0.33333277702331543));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0));
  const near = f32x4.mul(p, x);
  const e = exp4(f32x4.add(ax, ax));
  const far = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  const signed = v128.or(far, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(near, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** e^{-2u} for GELU's inner argument u = √(2/π)(x + 0.044715x³). 0.5(1 + tanh u) = 1/(1 + e^{-2u}) avoids cancellation. */
// @ts-ignore: decorator
@inline function geluExp(x: v128): v128 {
  const u = f32x4.mul(f32x4.splat(GELU_A), f32x4.add(x, f32x4.mul(f32x4.splat(GELU_B), f32x4.mul(x, f32x4.mul(x, x)))));
  return exp4(f32x4.mul(u, f32x4.splat(-2.0)));
}

/** GELU (tanh form) per lane: x·σ(2u). */
// @ts-ignore: decorator
@inline export function gelu4(x: v128): v128 {
  return f32x4.div(x, f32x4.add(f32x4.splat(1.0), geluExp(x)));
}

/**
 * d GELU/dx per lane: s + 2x·s(1−s)·u′ with s = σ(2u); s(1−s) = 1/((1+e)(1+1/e)) stays finite for e = 0 or ∞.
 * Beyond |x| = 10 the derivative is 0 or 1 to f32 precision, so x is clamped there (x², x³ would overflow);
 * ±∞ gives NaN, as 0.5x(1 − tanh²u)·u′ does in the js backend.
 */
// @ts-ignore: decorator
@inline export function geluGrad4(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(10.0)), f32x4.splat(-10.0));
  const e = geluExp(xc);
  const one = f32x4.splat(1.0);
  const s = f32x4.div(one, f32x4.add(one, e));
  const s1s = f32x4.div(one, f32x4.mul(f32x4.add(one, e), f32x4.add(one, f32x4.div(one, e))));
  const du = f32x4.mul(f32x4.splat(GELU_A), f32x4.add(one, f32x4.mul(f32x4.splat(3.0 * GELU_B), f32x4.mul(xc, xc))));
  const grad = f32x4.add(s, f32x4.mul(f32x4.mul(f32x4.add(xc, xc), s1s), du));
  return v128.bitselect(f32x4.splat(NaN), grad, f32x4.eq(f32x4.abs(x), f32x4.splat(Infinity)));
}
