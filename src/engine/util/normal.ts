// The standard normal distribution's cdf Φ and density φ in double precision: exact GELU is x·Φ(x) (PyTorch's
// nn.GELU(), nanoGPT's), and this is the js spec the f32 kernels of wasm and WebGPU are checked against.
// erfc is computed directly rather than as 1 − erf, so Φ keeps its relative precision far into the left tail,
// where GELU's output is tiny but not zero. Both formulas are textbook (DLMF 7.6.2 and 7.9.2).

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Below it the series is used, above it the continued fraction; both are accurate to ~1e-15 there. */
const SERIES_LIMIT = 2.5;
/** Depth of the continued fraction: converged to double precision for every z ≥ SERIES_LIMIT. */
const FRACTION_DEPTH = 60;

/**
 * erf(z) = (2/√π)·e^{−z²}·Σ (2z²)ⁿ·z / (1·3·…·(2n+1)) (DLMF 7.6.2). Every term is positive, so nothing cancels;
 * for z < 2.5 it needs about 50 terms.
 */
function erfSeries(z: number): number {
  const twoZ2 = 2 * z * z;
  let term = z, sum = z;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= twoZ2 / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
}

/** erfc(z) = (e^{−z²}/√π) / (z + (1/2)/(z + 1/(z + (3/2)/(z + …)))) (DLMF 7.9.2), evaluated from its tail. */
function erfcFraction(z: number): number {
  let f = z;
  for (let k = FRACTION_DEPTH; k > 0; k--) f = z + k / 2 / f;
  return (ONE_OVER_SQRT_PI * Math.exp(-z * z)) / f;
}

/** erfc(z) for z ≥ 0, with relative precision even where it underflows towards 0. */
function erfcPositive(z: number): number {
  return z < SERIES_LIMIT ? 1 - erfSeries(z) : erfcFraction(z);
}

/** erf(x), to about 1e-15. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const value = a < SERIES_LIMIT ? erfSeries(a) : 1 - erfcFraction(a);
  return x < 0 ? -value : value;
}

/** Φ(x) = P(N(0, 1) ≤ x) = ½·erfc(−x/√2). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const half = 0.5 * erfcPositive(Math.abs(x) * Math.SQRT1_2);
  return x < 0 ? half : 1 - half;
}

/** φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
}
