// f32x4 versions of the transcendental functions the hot kernels need (exp, tanh, both GELUs and their derivatives), accurate
// to about 2 ulp and matching the js backend's special values: NaN stays NaN, ±Infinity and overflow saturate as
// Math.exp/Math.tanh do. exp is the classic range reduction e^x = 2^n·e^r with a Taylor polynomial for e^r.
// e^x for x < -87 (below 1.7e-38) is flushed to 0 instead of rounded to a subnormal (the js backend keeps those,
// all tiny): x86 takes a ~100-cycle microcode assist for every subnormal result, and a causally masked
// softmax has e^(-∞) in half its entries.
// Speed notes (V8 on x64): constants come from a table (one broadcast load each, instead of being rebuilt in every
// iteration), clamps use pmin/pmax (one instruction; f32x4.min/max cost ~8 for their NaN/±0 rules) with the input
// first so a NaN passes through, and n is rounded with the 1.5·2^23 trick instead of nearest + trunc_sat.
import { madd } from './lanes';

// @ts-ignore: decorator
@inline export const GELU_A: f32 = 0.7978845608028654; // √(2/π)
// @ts-ignore: decorator
@inline export const GELU_B: f32 = 0.044715;

const K = memory.data<f32>([
  88.8, -87.0, // 0, 1: e^x overflows above 88.8 and is below FLT_MIN under -87.3 (clamped so 2^n stays normal)
  1.44269504088896341, 12582912.0, // 2, 3: log2(e); 1.5·2^23, whose addition rounds to an integer
  0.693145751953125, 1.42860682030941723212e-6, // 4, 5: ln 2 in two parts, so n·ln2 is subtracted exactly
  1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, // 6–12: Taylor coefficients of e^r
  // 13–18: tanh(x)/x on [0, 0.625] as a polynomial in x² (least squares on Chebyshev nodes; max rel. error 1e-7)
  -0.005709965713322163, 0.020642254501581192, -0.053739842027425766, 0.13331419229507446, -0.33333277702331543, 1.0,
  0.625, 2.0, // 19, 20
  0.7978845608028654, 0.044715, 0.134145, -2.0, 10.0, -10.0, // 21–26: GELU's √(2/π), 0.044715, 3·0.044715, clamps
  2.0 / 5040.0, 2.0 / 720.0, 2.0 / 120.0, 2.0 / 24.0, 2.0 / 6.0, // 27–31: 2× the Taylor coefficients of e^r (see exp4)
  // 32–38: erf(a)/a on [0, 1] as a polynomial in a², lowest power first (weighted least squares on Chebyshev nodes,
  // fitted for this project; max rel. error 1.4e-9)
  1.1283791665082514, -0.37612628836743056, 0.11283612364857659, -0.026854806017823446, 0.005190048820812837,
  -0.000802431169809506, 7.898066371277157e-05,
  // 39–48: erfc(a)·e^{a²} on [1, 10] as a polynomial in t = 1/(1 + a), lowest power first (fitted the same way; max
  // rel. error 6e-9)
  1.8543051049870357e-06, 0.5641003126829024, 0.5660116988783512, 0.2615917789335277, -0.144698514129417,
  -1.244798486618201, 0.8761579360255365, 2.0404081799876352, -3.440064365618023, 1.5771522896344485,
  0.7071067811865476, 0.3989422804014327, -0.5, // 49–51: 1/√2, 1/√(2π), −½
  // 52–58: e^y on [−1, 0] as a polynomial in y, lowest power first (minimax in relative error by reweighted least
  // squares, fitted for this project; max rel. error 2.4e-8, 1.8e-7 in f32)
  0.9999999759445168, 0.9999979029748973, 0.49996901463864685, 0.1664902853417548, 0.04117682529977945,
  0.007614023187020924, 0.0008358456415196724,
]);

/** The exponent bias less one: 2^(n−1) as exponent field n + 126. */
const EXPONENT_BIAS_LESS_ONE = memory.data<i32>([126]);

// @ts-ignore: decorator
@inline function k(i: i32): v128 {
  return v128.load32_splat(K + (<usize>i << 2));
}

/** a − b·c, fused like madd. */
// @ts-ignore: decorator
@inline function nmadd(b: v128, c: v128, a: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(b, c, a);
  return f32x4.sub(a, f32x4.mul(b, c));
}

/** Σ k(lo + i)·z^i for the table's coefficients lo…hi (lowest power first), by Horner's rule. */
// @ts-ignore: decorator
@inline function poly(z: v128, hi: i32, lo: i32): v128 {
  let p = madd(k(hi), z, k(hi - 1));
  for (let i = hi - 2; i >= lo; i--) p = madd(p, z, k(i));
  return p;
}

/** e^x per lane. */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, k(0)), k(1)); // NaN passes through both
  const t = madd(xc, k(2), k(3));
  const n = f32x4.sub(t, k(3)); // round(x·log2 e), exact
  const r = nmadd(n, k(5), nmadd(n, k(4), xc));
  // 2·e^r for |r| ≤ ln2/2, Taylor to degree 7 (truncation error < 1e-8) with every coefficient doubled, which
  // doubles each Horner step exactly
  let p = madd(k(27), r, k(28));
  p = madd(p, r, k(29));
  p = madd(p, r, k(30));
  p = madd(p, r, k(31));
  p = madd(p, r, k(12));
  p = madd(p, r, k(20));
  p = madd(p, r, k(20));
  // (2·e^r)·2^(n−1) with n in [-126, 128]: one exponent-field factor covers the top of the range (2^128 alone is ∞);
  // at the bottom, n = −126 (x within 0.01 of −87, e^x < 1.7e-38) gives the factor +0, the flush described above.
  const ni = i32x4.sub(t, k(3));
  const scale = i32x4.shl(i32x4.add(ni, v128.load32_splat(EXPONENT_BIAS_LESS_ONE)), 23);
  return v128.andnot(f32x4.mul(p, scale), f32x4.lt(x, k(1)));
}

/** tanh per lane: an odd polynomial near 0, 1 − 2/(e^{2|x|} + 1) beyond. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = madd(k(13), z, k(14)); // highest power first here
  p = madd(p, z, k(15));
  p = madd(p, z, k(16));
  p = madd(p, z, k(17));
  p = madd(p, z, k(18));
  const near = f32x4.mul(p, x);
  const e = exp4(f32x4.add(ax, ax));
  const far = f32x4.sub(k(12), f32x4.div(k(20), f32x4.add(e, k(12))));
  const signed = v128.or(far, v128.and(x, i32x4.splat(<i32>0x80000000)));
  return v128.bitselect(near, signed, f32x4.lt(ax, k(19)));
}

/** Whether every lane lies within |x| < √2, where Φ needs no e^{−x²/2} (normalCdfNear4); a NaN lane counts as within. */
// @ts-ignore: decorator
@inline export function allCdfNear(x: v128): bool {
  return !v128.any_true(f32x4.ge(f32x4.mul(f32x4.abs(x), k(49)), k(12)));
}

/** ½(1 − erf a) for a = |x|/√2 < 1, with erf a = a·P(a²) (the fit above): Φ(−|x|) near 0. */
// @ts-ignore: decorator
@inline function nearTail4(a: v128): v128 {
  return f32x4.mul(k(11), nmadd(a, poly(f32x4.mul(a, a), 38, 32), k(12)));
}

/** Φ(x) for lanes that allCdfNear admits: from erf alone, no exponential. */
// @ts-ignore: decorator
@inline export function normalCdfNear4(x: v128): v128 {
  const tail = nearTail4(f32x4.mul(f32x4.abs(x), k(49)));
  return v128.bitselect(tail, f32x4.sub(k(12), tail), f32x4.lt(x, f32x4.splat(0)));
}

/** e^{−x²/2} for lanes that allCdfNear admits (−x²/2 in (−1, 0]): one polynomial, no range reduction. */
// @ts-ignore: decorator
@inline export function halfSquareExpNear(x: v128): v128 {
  return poly(f32x4.mul(f32x4.mul(x, x), k(51)), 58, 52);
}

/**
 * Φ(x), the standard normal cdf, given e = e^{−x²/2}. With a = |x|/√2, Φ(−|x|) = ½·erfc(a): near 0 from erf(a) as
 * a·P(a²), beyond a = 1 as e^{−a²}·R(1/(1 + a)) (both fits above), so the left tail keeps its relative precision.
 * Φ(|x|) = 1 − Φ(−|x|). Absolute error about 1e-7; NaN stays NaN, Φ(−∞) = 0, Φ(∞) = 1.
 */
// @ts-ignore: decorator
@inline export function normalCdf4(x: v128, e: v128): v128 {
  const one = k(12);
  const a = f32x4.mul(f32x4.abs(x), k(49));
  const nearTail = nearTail4(a); // ½(1 − erf a)
  let tail = nearTail;
  const isNear = f32x4.lt(a, one);
  // Most activations lie within |x| < √2 (a < 1): when all four do, the far-tail polynomial and its division are
  // skipped (a NaN lane takes the near branch, NaN either way).
  if (v128.any_true(f32x4.ge(a, one))) {
    const t = f32x4.div(one, f32x4.add(one, a));
    const r = poly(t, 48, 39);
    const farTail = f32x4.mul(k(11), f32x4.mul(e, r)); // ½·erfc a
    tail = v128.bitselect(nearTail, farTail, isNear);
  }
  return v128.bitselect(tail, f32x4.sub(one, tail), f32x4.lt(x, f32x4.splat(0)));
}

/** 1/√(2π) in every lane: e^{−x²/2} times it is the normal density φ(x). */
// @ts-ignore: decorator
@inline export function invSqrt2Pi4(): v128 {
  return k(50);
}

/** e^{−x²/2} per lane: the normal density without its 1/√(2π). */
// @ts-ignore: decorator
@inline export function halfSquareExp(x: v128): v128 {
  return exp4(f32x4.mul(f32x4.mul(x, x), k(51)));
}

/** Exact GELU per lane: x·Φ(x). */
// @ts-ignore: decorator
@inline export function gelu4(x: v128): v128 {
  return f32x4.mul(x, normalCdf4(x, halfSquareExp(x)));
}

/** d GELU/dx per lane: Φ(x) + x·φ(x). ±∞ gives NaN (∞·0), as in the js backend. */
// @ts-ignore: decorator
@inline export function geluGrad4(x: v128): v128 {
  const e = halfSquareExp(x);
  return madd(x, f32x4.mul(e, k(50)), normalCdf4(x, e));
}

/** e^{-2u} for GELU's inner argument u = √(2/π)(x + 0.044715x³). 0.5(1 + tanh u) = 1/(1 + e^{-2u}) avoids cancellation. */
// @ts-ignore: decorator
@inline function geluExp(x: v128): v128 {
  const u = f32x4.mul(k(21), madd(k(22), f32x4.mul(x, f32x4.mul(x, x)), x));
  return exp4(f32x4.mul(u, k(24)));
}

/** GELU (tanh form) per lane: x·σ(2u). */
// @ts-ignore: decorator
@inline export function geluTanh4(x: v128): v128 {
  return f32x4.div(x, f32x4.add(k(12), geluExp(x)));
}

/**
 * d GELU/dx per lane: s + 2x·s(1−s)·u′ with s = σ(2u) = 1/(1 + e) and s(1−s) = (e·s)·s. Beyond |x| = 10 the
 * derivative is 0 or 1 to f32 precision, so x is clamped there; that also keeps e = e^{-2u} finite and non-zero
 * (e^{±87.3}), so (e·s)·s never meets ∞·0. ±∞ gives NaN, as 0.5x(1 − tanh²u)·u′ does in the js backend.
 */
// @ts-ignore: decorator
@inline export function geluTanhGrad4(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, k(25)), k(26));
  const e = geluExp(xc);
  const one = k(12);
  const s = f32x4.div(one, f32x4.add(one, e));
  const s1s = f32x4.mul(f32x4.mul(e, s), s);
  const du = f32x4.mul(k(21), f32x4.add(one, f32x4.mul(k(23), f32x4.mul(xc, xc))));
  const grad = f32x4.add(s, f32x4.mul(f32x4.mul(f32x4.add(xc, xc), s1s), du));
  return v128.bitselect(f32x4.splat(NaN), grad, f32x4.eq(f32x4.abs(x), f32x4.splat(Infinity)));
}
