// Bias + GELU fused (backend.ts biasGelu): one pass reads x (and the bias), writes gelu(x + b) and, for training,
// gelu'(x + b) from the same exponential, so the backward pass is one multiply. Exact GELU (variant 0) shares
// e^{−h²/2} and Φ(h) between value and derivative; the tanh form (variant 1) uses simdMath's pair as they are.
// Threads take whole rows.
import { allCdfNear, geluTanh4, geluTanhGrad4, halfSquareExp, halfSquareExpNear, invSqrt2Pi4, normalCdf4, normalCdfNear4 } from './simdMath';
import { loadPartial, shareStart, storePartial } from './lanes';

/** h = x + b for `count` (≤ 4) lanes at column j; b = 0 means no bias. */
// @ts-ignore: decorator
@inline function biased(x: usize, b: usize, j: i32, count: i32): v128 {
  const o = <usize>j << 2;
  if (count == 4) return b ? f32x4.add(v128.load(x + o), v128.load(b + o)) : v128.load(x + o);
  const v = loadPartial(x + o, count);
  return b ? f32x4.add(v, loadPartial(b + o, count)) : v;
}

// @ts-ignore: decorator
@inline function put(p: usize, v: v128, count: i32): void {
  if (count == 4) v128.store(p, v);
  else storePartial(p, v, count);
}

/** GELU of h into out (and its derivative into grad, unless grad is 0) for `count` lanes. */
// @ts-ignore: decorator
@inline function geluLanes(variant: i32, h: v128, out: usize, grad: usize, count: i32): void {
  if (variant == 0) {
    // Four lanes within |h| < √2 (nearly all of a freshly initialised model's, most of a trained one's): Φ from erf
    // alone and e^{−h²/2}, for the slope only, from a short polynomial instead of exp's range reduction.
    let cdf: v128, e: v128;
    if (allCdfNear(h)) {
      cdf = normalCdfNear4(h);
      e = grad ? halfSquareExpNear(h) : cdf; // (e unused without a slope)
    } else {
      e = halfSquareExp(h);
      cdf = normalCdf4(h, e);
    }
    put(out, f32x4.mul(h, cdf), count);
    // Φ(h) + h·φ(h): the same sum geluGrad4 forms
    if (grad) put(grad, f32x4.add(f32x4.mul(h, f32x4.mul(e, invSqrt2Pi4())), cdf), count);
  } else {
    put(out, geluTanh4(h), count);
    if (grad) put(grad, geluTanhGrad4(h), count);
  }
}

// @ts-ignore: decorator
@inline function rowsLoop(variant: i32, x: usize, b: usize, out: usize, grad: usize, r0: i32, r1: i32, n: i32): void {
  for (let r = r0; r < r1; r++) {
    const base = <usize>r * n << 2;
    const xr = x + base, yr = out + base, gr = grad ? grad + base : 0;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      geluLanes(variant, biased(xr, b, j, 4), yr + o, gr ? gr + o : 0, 4);
    }
    if (j < n) {
      const o = <usize>j << 2;
      geluLanes(variant, biased(xr, b, j, n - j), yr + o, gr ? gr + o : 0, n - j);
    }
  }
}

/** out = gelu(x + b) over (rows, n), grad = gelu'(x + b) when grad ≠ 0; b = 0: no bias. variant 0 exact, 1 tanh. */
export function biasGelu(x: usize, b: usize, out: usize, grad: usize, rows: i32, n: i32, variant: i32, part: i32, parts: i32): void {
  const r0 = shareStart(rows, part, parts, 1), r1 = shareStart(rows, part + 1, parts, 1);
  if (variant == 0) rowsLoop(0, x, b, out, grad, r0, r1, n);
  else rowsLoop(1, x, b, out, grad, r0, r1, n);
}
