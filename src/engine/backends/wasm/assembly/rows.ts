// Row-wise fused kernels over (rows, n): softmax and its backward, log-softmax, cross-entropy forward/backward.
// Each follows the js backend's loop for special values (a fully -Infinity row: softmax NaN as in torch; NaN and
// +Infinity poison the row) while computing in f32x4; threads take whole rows.
import { exp4 } from './simdMath';
import { hmax, hsum, loadPartial, shareStart, storePartial } from './lanes';

/**
 * Largest value of a row, NaN if any is NaN. pmax (one instruction) in two chains, with NaNs tracked on the side:
 * f32x4.max's NaN and ±0 rules cost V8 about eight instructions on one dependency chain, which made this pass
 * as slow as the exponentials. (±0 do not matter here: the maximum is only subtracted.)
 */
export function rowMax(x: usize, n: i32): f32 {
  let v0 = f32x4.splat(-Infinity), v1 = v0;
  let nan = i32x4.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const a = v128.load(x + (<usize>j << 2)), b = v128.load(x + (<usize>j << 2), 16);
    v0 = f32x4.pmax(v0, a);
    v1 = f32x4.pmax(v1, b);
    nan = v128.or(nan, v128.or(f32x4.ne(a, a), f32x4.ne(b, b)));
  }
  for (; j + 4 <= n; j += 4) {
    const a = v128.load(x + (<usize>j << 2));
    v0 = f32x4.pmax(v0, a);
    nan = v128.or(nan, f32x4.ne(a, a));
  }
  if (v128.any_true(nan)) return NaN;
  let m = hmax(f32x4.pmax(v0, v1));
  for (; j < n; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
  return m;
}

/** out[j] = e^(x[j] − shift) (skipped when out is 0); returns Σ e^(x[j] − shift). */
function expShifted(x: usize, out: usize, n: i32, shift: f32): f32 {
  const s = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const e = exp4(f32x4.sub(v128.load(x + (<usize>j << 2)), s));
    if (out) v128.store(out + (<usize>j << 2), e);
    acc = f32x4.add(acc, e);
  }
  let sum = hsum(acc);
  if (j < n) {
    const e = exp4(f32x4.sub(loadPartial(x + (<usize>j << 2), n - j), s));
    if (out) storePartial(out + (<usize>j << 2), e, n - j);
    sum += f32x4.extract_lane(e, 0);
    if (n - j > 1) sum += f32x4.extract_lane(e, 1);
    if (n - j > 2) sum += f32x4.extract_lane(e, 2);
  }
  return sum;
}

/** out = out / divisor · scale, the normalising pass (the order of the js backend: divide, then scale). */
export function divideThenScale(out: usize, n: i32, divisor: f32, scale: f32): void {
  const d = f32x4.splat(divisor), s = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const p = out + (<usize>j << 2);
    const q = f32x4.div(v128.load(p), d);
    v128.store(p, scale == 1 ? q : f32x4.mul(q, s));
  }
  for (; j < n; j++) {
    const p = out + (<usize>j << 2);
    const q = load<f32>(p) / divisor;
    store<f32>(p, scale == 1 ? q : q * scale);
  }
}

export function softmax(x: usize, out: usize, rows: i32, n: i32, part: i32, parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const xr = x + (<usize>r * n << 2), yr = out + (<usize>r * n << 2);
    let m = rowMax(xr, n);
    if (m == -Infinity) m = 0; // a fully masked row: every e^x is 0 and the result 0/0, as in torch
    divideThenScale(yr, n, expShifted(xr, yr, n, m), 1);
  }
}

/** dx = y ⊙ (dy − Σ dy⊙y) per row. */
export function softmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, n: i32, part: i32, parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const o = <usize>r * n << 2;
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = o + (<usize>j << 2);
      acc = f32x4.add(acc, f32x4.mul(v128.load(dy + q), v128.load(y + q)));
    }
    let dot = hsum(acc);
    for (let k = j; k < n; k++) dot += load<f32>(dy + o + (<usize>k << 2)) * load<f32>(y + o + (<usize>k << 2));
    const d = f32x4.splat(dot);
    for (j = 0; j + 4 <= n; j += 4) {
      const q = o + (<usize>j << 2);
      v128.store(dx + q, f32x4.mul(v128.load(y + q), f32x4.sub(v128.load(dy + q), d)));
    }
    for (; j < n; j++) {
      const q = o + (<usize>j << 2);
      store<f32>(dx + q, load<f32>(y + q) * (load<f32>(dy + q) - dot));
    }
  }
}

/** (x − max) − log Σ e^(x − max): both terms are ≤ 0, so unlike x − logsumexp nothing cancels. */
export function logSoftmax(x: usize, out: usize, rows: i32, n: i32, part: i32, parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const xr = x + (<usize>r * n << 2), yr = out + (<usize>r * n << 2);
    let m = rowMax(xr, n);
    if (m == -Infinity) m = 0;
    const logSum = <f32>Math.log(<f64>expShifted(xr, 0, n, m));
    const mv = f32x4.splat(m), l = f32x4.splat(logSum);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(yr + (<usize>j << 2), f32x4.sub(f32x4.sub(v128.load(xr + (<usize>j << 2)), mv), l));
    for (; j < n; j++) store<f32>(yr + (<usize>j << 2), (load<f32>(xr + (<usize>j << 2)) - m) - logSum);
  }
}

/** losses[r] = logsumexp(logits[r]) − logits[r, target]; rows with a target < 0 get 0. Targets are checked by the caller. */
export function crossEntropy(logits: usize, targets: usize, losses: usize, rows: i32, V: i32, part: i32, parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const target = load<f32>(targets + (<usize>r << 2));
    if (!(target >= 0 && target < <f32>V)) { store<f32>(losses + (<usize>r << 2), 0); continue; }
    const zr = logits + (<usize>r * V << 2);
    const m = rowMax(zr, V);
    const loss = <f64>m + Math.log(<f64>expShifted(zr, 0, V, m)) - <f64>load<f32>(zr + (<usize><i32>target << 2));
    store<f32>(losses + (<usize>r << 2), <f32>loss);
  }
}

/** dlogits = scale · (softmax(logits) − onehot(target)) per row; rows with a target < 0 get 0. */
export function crossEntropyBackward(logits: usize, targets: usize, dlogits: usize, rows: i32, V: i32, scale: f32,
  part: i32, parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const zr = logits + (<usize>r * V << 2), gr = dlogits + (<usize>r * V << 2);
    const target = load<f32>(targets + (<usize>r << 2));
    if (target < 0) { memory.fill(gr, 0, <usize>V << 2); continue; }
    const m = rowMax(zr, V);
    divideThenScale(gr, V, expShifted(zr, gr, V, m), scale);
    if (target < <f32>V && target == Mathf.floor(target)) {
      const t = gr + (<usize><i32>target << 2);
      store<f32>(t, load<f32>(t) - scale);
    }
  }
}
