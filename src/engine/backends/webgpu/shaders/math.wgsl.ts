// Scalar math with the js backend's results, for the cases where WGSL's built-ins fall short: WGSL leaves log
// and sqrt of negatives undefined, lets exp, log and tanh be off by several ulp (SwiftShader and GPUs use that
// room), and bounds sin/cos only on [-π, π]. Polynomials follow the textbook (Cephes-style) constructions;
// huge sin/cos arguments use Payne–Hanek reduction with 2/π in 12-bit digits so every partial product is exact.
import { SPECIAL_VALUES } from './common.wgsl';

// 2/π = Σ d_i·2^(-12(i+1)), computed from Machin's formula (enough digits for any f32 argument).
const TWO_OVER_PI_DIGITS = [2607, 2435, 1764, 3652, 338, 2556, 629, 2001, 3923, 1245, 3085, 2914, 2393, 2364, 1081,
  65, 4069, 355, 2749, 3771];

export const MATH = SPECIAL_VALUES + /* wgsl */ `
const SQRT_2_OVER_PI = 0.7978845608028654;
const TWO_OVER_PI = array<f32, ${TWO_OVER_PI_DIGITS.length}>(${TWO_OVER_PI_DIGITS.map((d) => `${d}.0`).join(', ')});

// exp that keeps NaN (some drivers give +Inf) and overflows to +Inf (some saturate at the largest float).
fn expJs(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  return select(exp(x), posInf(), x > 88.72284);
}

// log x = e·ln 2 + 2·atanh((m − 1)/(m + 1)), x = m·2^e with m in [√½, √2); ln 2 split so e·ln2_hi is exact.
fn logJs(x: f32) -> f32 {
  if (isNan(x) || x == posInf()) { return x; }
  if (x < 0.0) { return nanValue(); }
  if (x == 0.0) { return negInf(); }
  let parts = frexp(x);
  var m = parts.fract;
  var e = f32(parts.exp);
  if (m < 0.70710677) { m = 2.0 * m; e = e - 1.0; }
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let tail = s2 * (0.33333334 + s2 * (0.2 + s2 * (0.14285715 + s2 * (0.11111111 + s2 * 0.09090909))));
  return e * 0.693145751953125 + (e * 1.4286068e-6 + (2.0 * s + 2.0 * s * tail));
}

fn sqrtJs(x: f32) -> f32 { return select(sqrt(x), nanValue(), x < 0.0); }

// tanh: an odd Taylor polynomial near 0, (1 − e^{−2|x|})/(1 + e^{−2|x|}) beyond, ±1 past 10 (already so in f32).
fn tanhJs(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  let a = abs(x);
  var t: f32;
  if (a < 0.3) {
    let a2 = a * a;
    t = a + a * a2 * (-0.33333334 + a2 * (0.13333334 + a2 * (-0.053968254 + a2 * (0.021869488 + a2 * -0.008863235))));
  } else if (a < 10.0) {
    let e = exp(-2.0 * a);
    t = (1.0 - e) / (1.0 + e);
  } else {
    t = 1.0;
  }
  return select(-t, t, x >= 0.0);
}

fn mod4(t: f32) -> f32 { return t - 4.0 * floor(t * 0.25); }

// (sum, error) + t without losing the low bits (two-sum).
fn addExact(acc: vec2f, t: f32) -> vec2f {
  let s = acc.x + t;
  let b = s - acc.x;
  return vec2f(s, acc.y + ((acc.x - (s - b)) + (t - b)));
}

// |x| = q·π/2 + r, |r| ≤ π/4: returns (q mod 4, r). Cody–Waite (exact for |x| < 8192·π/2), else Payne–Hanek.
fn reduceQuadrant(ax: f32) -> vec2f {
  var k: f32;
  var f: f32;
  if (ax < 12000.0) {
    k = round(ax * 0.63661975);
    let r = ((ax - k * 1.5703125) - k * 4.837512969970703e-4) - k * 7.549789954891882e-8;
    return vec2f(mod4(k), r);
  }
  // ax = M·2^E; M = mHigh·2^12 + mLow; |x|·2/π mod 4 from the products of 12-bit digits, each exact.
  let bits = bitcast<u32>(ax);
  let E = i32((bits >> 23u) & 0xffu) - 150;
  let M = (bits & 0x7fffffu) | 0x800000u;
  let mHigh = f32(M >> 12u);
  let mLow = f32(M & 0xfffu);
  let first = max(0, (E - 14) / 12); // digits before this one only add multiples of 4
  var acc = vec2f(0.0, 0.0);
  for (var i = first; i < first + 7; i++) {
    let digit = TWO_OVER_PI[i];
    acc = addExact(acc, mod4(ldexp(mHigh * digit, E - 12 * i)));
    acc = addExact(acc, mod4(ldexp(mLow * digit, E - 12 * (i + 1))));
  }
  k = round(acc.x);
  f = (acc.x - k) + acc.y;
  return vec2f(mod4(k), f * 1.5707964);
}

// sin and cos of r in [-π/4, π/4] (Taylor, ~1 ulp), picked and signed by quadrant.
fn sinCosJs(x: f32, wantSin: bool) -> f32 {
  if (isNan(x) || abs(x) == posInf()) { return nanValue(); }
  let qr = reduceQuadrant(abs(x));
  let r = qr.y;
  let r2 = r * r;
  let s = r + r * r2 * (-0.16666667 + r2 * (0.008333333 + r2 * (-0.0001984127 + r2 * 2.7557319e-6)));
  let c = 1.0 + r2 * (-0.5 + r2 * (0.041666668 + r2 * (-0.0013888889 + r2 * 2.4801587e-5)));
  let q = u32(qr.x) + select(0u, 1u, !wantSin); // cos(x) = sin(x + π/2)
  var v = select(c, s, q % 2u == 0u);
  if (q % 4u >= 2u) { v = -v; }
  return select(v, -v, wantSin && x < 0.0); // sin is odd, cos even
}

// Φ(x), the standard normal cdf, given e = e^{−x²/2}; the wasm kernel's construction (assembly/simdMath.ts, where
// the coefficients come from): with a = |x|/√2, Φ(−|x|) = ½·erfc(a), from erf(a) = a·P(a²) below a = 1 and from
// e^{−a²}·R(1/(1 + a)) beyond, so the left tail keeps its relative precision.
fn normalCdf(x: f32, e: f32) -> f32 {
  let a = abs(x) * 0.70710677;
  let a2 = a * a;
  let p = 1.1283791665082514 + a2 * (-0.37612628836743056 + a2 * (0.11283612364857659 + a2 * (-0.026854806017823446
    + a2 * (0.005190048820812837 + a2 * (-0.000802431169809506 + a2 * 7.898066371277157e-05)))));
  let t = 1.0 / (1.0 + a);
  let r = 1.8543051049870357e-06 + t * (0.5641003126829024 + t * (0.5660116988783512 + t * (0.2615917789335277
    + t * (-0.144698514129417 + t * (-1.244798486618201 + t * (0.8761579360255365 + t * (2.0404081799876352
    + t * (-3.440064365618023 + t * 1.5771522896344485))))))));
  let tail = select(0.5 * e * r, 0.5 * (1.0 - a * p), a < 1.0);
  return select(1.0 - tail, tail, x < 0.0);
}

fn halfSquareExp(x: f32) -> f32 { return expJs(-0.5 * (x * x)); }

// Exact GELU, x·Φ(x), and its derivative Φ(x) + x·φ(x).
fn gelu(x: f32) -> f32 { return x * normalCdf(x, halfSquareExp(x)); }

fn geluGrad(x: f32) -> f32 {
  let e = halfSquareExp(x);
  return normalCdf(x, e) + x * e * 0.3989422804014327;
}

// GPT-2's tanh GELU and its derivative.
fn geluTanh(x: f32) -> f32 { return 0.5 * x * (1.0 + tanhJs(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))); }

fn geluTanhGrad(x: f32) -> f32 {
  // Past |x| = 10, tanh is ±1 in f32 and (1 − t²) = 0, but x²·du may overflow: 0·∞ would give NaN (js: 1 or 0).
  if (abs(x) > 10.0 && abs(x) < posInf()) { return select(0.0, 1.0, x > 0.0); }
  let t = tanhJs(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x));
  let du = SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * x * x);
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
}

// Math.pow: integer exponents of negative bases keep their sign; pow(x, 0) = 1 even for NaN.
fn powJs(x: f32, s: f32) -> f32 {
  if (s == 0.0) { return 1.0; }
  if (s == 1.0) { return x; }
  if (s == 2.0) { return x * x; }
  if (isNan(x) || isNan(s)) { return nanValue(); }
  if (s == 0.5 && x >= 0.0 && x < posInf()) { return sqrt(x); }
  let isInteger = fract(s) == 0.0;
  let isOdd = isInteger && abs(s) % 2.0 == 1.0;
  let isNegative = (bitcast<u32>(x) & 0x80000000u) != 0u; // -0 included, as Math.pow(-0, -1) = -Infinity
  if (abs(x) == posInf()) { // ±∞^s: ∞ for s > 0, 0 for s < 0, negative only for odd integer s
    let m = select(0.0, posInf(), s > 0.0);
    return select(m, -m, isNegative && isOdd);
  }
  if (x < 0.0 && !isInteger) { return nanValue(); }
  if (x == 0.0) { return select(select(0.0, posInf(), s < 0.0), select(-0.0, -posInf(), s < 0.0), isNegative && isOdd); }
  let exponent = s * log2(abs(x));
  if (isNan(exponent)) { return nanValue(); } // 1^±∞
  // exp2 of a huge exponent may saturate below +Inf on some drivers.
  let magnitude = select(select(exp2(exponent), posInf(), exponent >= 128.0), 0.0, exponent < -150.0);
  return select(magnitude, -magnitude, isNegative && isOdd);
}
`;
