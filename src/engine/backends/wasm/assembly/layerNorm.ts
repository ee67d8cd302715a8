// LayerNorm over the last axis, forward and backward, as the js backend computes it:
// y = (x − mean)·rstd·w + b, and dx = rstd·(dy⊙w − mean(dy⊙w) − x̂·mean(dy⊙w⊙x̂)), dw += Σ dy⊙x̂, db += Σ dy.
// The residual add before it fuses in (addLayerNorm), and so does the skip connection's gradient after (dx += residual).
// Threads split the forward and dx by rows; dw and db are sums over rows, so there threads split the columns.
import { hsum, shareStart } from './lanes';

/** Four floats at p as two f64x2 halves, each f(x): x (square = false) or (x − m)² (square = true). */
// @ts-ignore: decorator
@inline function halves64(p: usize, mv: v128, square: bool, high: bool): v128 {
  const v = v128.load(p);
  let h = f64x2.promote_low_f32x4(high ? v128.shuffle<f32>(v, v, 2, 3, 0, 1) : v);
  if (square) {
    h = f64x2.sub(h, mv);
    h = f64x2.mul(h, h);
  }
  return h;
}

/** Σ over a row in f64 lanes of f(x) where f is x (square = false) or (x − m)² (square = true). */
// @ts-ignore: decorator
@inline function rowSum64(xr: usize, n: i32, m: f64, square: bool): f64 {
  const mv = f64x2.splat(m);
  // Four running sums, eight floats a step: one sum's chain of dependent adds would bound the loop by the add's latency.
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const p = xr + (<usize>j << 2);
    a0 = f64x2.add(a0, halves64(p, mv, square, false));
    a1 = f64x2.add(a1, halves64(p, mv, square, true));
    a2 = f64x2.add(a2, halves64(p + 16, mv, square, false));
    a3 = f64x2.add(a3, halves64(p + 16, mv, square, true));
  }
  for (; j + 4 <= n; j += 4) {
    const p = xr + (<usize>j << 2);
    a0 = f64x2.add(a0, halves64(p, mv, square, false));
    a1 = f64x2.add(a1, halves64(p, mv, square, true));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < n; j++) {
    const d = <f64>load<f32>(xr + (<usize>j << 2)) - m;
    total += square ? d * d : d;
  }
  return total;
}

/** mean and rstd of each row in [r0, r1), summed in f64 as the js backend does (so huge rows do not overflow). */
function rowStats(x: usize, mean: usize, rstd: usize, r0: i32, r1: i32, n: i32, eps: f64): void {
  for (let r = r0; r < r1; r++) {
    const xr = x + (<usize>r * n << 2);
    const m = rowSum64(xr, n, 0, false) / n;
    const v = rowSum64(xr, n, m, true) / n;
    store<f32>(mean + (<usize>r << 2), <f32>m);
    store<f32>(rstd + (<usize>r << 2), <f32>(1 / Math.sqrt(v + eps)));
  }
}

/** LayerNorm of rows [r0, r1): statistics first, then y = (x − mean)·rstd·w + b (b may be 0: no bias). */
function normalizeRows(x: usize, w: usize, b: usize, out: usize, mean: usize, rstd: usize, r0: i32, r1: i32, n: i32,
  eps: f64): void {
  rowStats(x, mean, rstd, r0, r1, n, eps);
  for (let r = r0; r < r1; r++) {
    const xr = x + (<usize>r * n << 2), yr = out + (<usize>r * n << 2);
    const m = load<f32>(mean + (<usize>r << 2)), s = load<f32>(rstd + (<usize>r << 2));
    const mv = f32x4.splat(m), sv = f32x4.splat(s);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      let y = f32x4.mul(f32x4.mul(f32x4.sub(v128.load(xr + o), mv), sv), v128.load(w + o));
      if (b) y = f32x4.add(y, v128.load(b + o));
      v128.store(yr + o, y);
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(yr + o, (load<f32>(xr + o) - m) * s * load<f32>(w + o) + (b ? load<f32>(b + o) : 0));
    }
  }
}

/** b may be 0 (no bias). */
export function layerNorm(x: usize, w: usize, b: usize, out: usize, mean: usize, rstd: usize, rows: i32, n: i32,
  eps: f64, part: i32, parts: i32): void {
  normalizeRows(x, w, b, out, mean, rstd, shareStart(rows, part, parts, 1), shareStart(rows, part + 1, parts, 1), n, eps);
}

/**
 * sum = x + y, then LayerNorm of sum, a row at a time: the row just written is still in cache when the statistics
 * and the normalization read it back (one trip through memory for the residual stream instead of two).
 */
export function addLayerNorm(x: usize, y: usize, w: usize, b: usize, sum: usize, out: usize, mean: usize, rstd: usize,
  rows: i32, n: i32, eps: f64, part: i32, parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const o = <usize>r * n << 2;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = o + (<usize>j << 2);
      v128.store(sum + q, f32x4.add(v128.load(x + q), v128.load(y + q)));
    }
    for (; j < n; j++) {
      const q = o + (<usize>j << 2);
      store<f32>(sum + q, load<f32>(x + q) + load<f32>(y + q));
    }
    normalizeRows(sum, w, b, out, mean, rstd, r, r + 1, n, eps);
  }
}

/** dx rows of this share: dx = rstd·(dy⊙w − mean(dy⊙w) − x̂·mean(dy⊙w⊙x̂)) + residual (residual may be 0: none). */
function inputGrad(dy: usize, x: usize, w: usize, mean: usize, rstd: usize, dx: usize, residual: usize, r0: i32, r1: i32,
  n: i32): void {
  for (let r = r0; r < r1; r++) {
    const o = <usize>r * n << 2;
    const m = load<f32>(mean + (<usize>r << 2)), s = load<f32>(rstd + (<usize>r << 2));
    const mv = f32x4.splat(m), sv = f32x4.splat(s);
    let accD = f32x4.splat(0), accDX = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = <usize>j << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o + q), mv), sv);
      const d = f32x4.mul(v128.load(dy + o + q), v128.load(w + q));
      accD = f32x4.add(accD, d);
      accDX = f32x4.add(accDX, f32x4.mul(d, xhat));
    }
    let sumD = hsum(accD), sumDX = hsum(accDX);
    for (let k = j; k < n; k++) {
      const q = <usize>k << 2;
      const xhat = (load<f32>(x + o + q) - m) * s;
      const d = load<f32>(dy + o + q) * load<f32>(w + q);
      sumD += d; sumDX += d * xhat;
    }
    const meanD = sumD / <f32>n, meanDX = sumDX / <f32>n;
    const md = f32x4.splat(meanD), mdx = f32x4.splat(meanDX);
    for (j = 0; j + 4 <= n; j += 4) {
      const q = <usize>j << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o + q), mv), sv);
      const d = f32x4.mul(v128.load(dy + o + q), v128.load(w + q));
      let g = f32x4.mul(sv, f32x4.sub(f32x4.sub(d, md), f32x4.mul(xhat, mdx)));
      if (residual) g = f32x4.add(g, v128.load(residual + o + q));
      v128.store(dx + o + q, g);
    }
    for (; j < n; j++) {
      const q = <usize>j << 2;
      const xhat = (load<f32>(x + o + q) - m) * s;
      const g = s * (load<f32>(dy + o + q) * load<f32>(w + q) - meanD - xhat * meanDX);
      store<f32>(dx + o + q, residual ? g + load<f32>(residual + o + q) : g);
    }
  }
}

/** dw[j] += Σ_r dy·x̂ and db[j] += Σ_r dy for columns [c0, c1) (a multiple of 4 wide except at the end). */
function paramGrads(dy: usize, x: usize, mean: usize, rstd: usize, dw: usize, db: usize, rows: i32, n: i32, c0: i32, c1: i32): void {
  let j = c0;
  for (; j + 4 <= c1; j += 4) {
    const q = <usize>j << 2;
    let gw = v128.load(dw + q);
    let gb = db ? v128.load(db + q) : f32x4.splat(0);
    for (let r = 0; r < rows; r++) {
      const o = (<usize>r * n << 2) + q;
      const g = v128.load(dy + o);
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o), v128.load32_splat(mean + (<usize>r << 2))), v128.load32_splat(rstd + (<usize>r << 2)));
      gw = f32x4.add(gw, f32x4.mul(g, xhat));
      gb = f32x4.add(gb, g);
    }
    v128.store(dw + q, gw);
    if (db) v128.store(db + q, gb);
  }
  for (; j < c1; j++) {
    const q = <usize>j << 2;
    let gw = load<f32>(dw + q), gb: f32 = db ? load<f32>(db + q) : 0;
    for (let r = 0; r < rows; r++) {
      const o = (<usize>r * n << 2) + q;
      const g = load<f32>(dy + o);
      gw += g * ((load<f32>(x + o) - load<f32>(mean + (<usize>r << 2))) * load<f32>(rstd + (<usize>r << 2)));
      gb += g;
    }
    store<f32>(dw + q, gw);
    if (db) store<f32>(db + q, gb);
  }
}

/** dx is overwritten (plus residual, unless 0); dw and db (db may be 0) are accumulated into. */
export function layerNormBackward(dy: usize, x: usize, w: usize, mean: usize, rstd: usize, dx: usize, dw: usize, db: usize,
  residual: usize, rows: i32, n: i32, part: i32, parts: i32): void {
  inputGrad(dy, x, w, mean, rstd, dx, residual, shareStart(rows, part, parts, 1), shareStart(rows, part + 1, parts, 1), n);
  paramGrads(dy, x, mean, rstd, dw, db, rows, n, shareStart(n, part, parts, 4), shareStart(n, part + 1, parts, 4));
}
