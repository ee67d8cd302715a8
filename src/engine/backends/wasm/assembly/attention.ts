// Attention's softmax fused with what surrounds it (backend.ts attentionSoftmax): the 1/√hs scale, the causal mask
// and the softmax in one pass per row of scores, and the backward likewise. Masked keys are never read: a query
// only exponentiates the keys it sees, and its masked entries are written as 0. Threads take whole rows.
import { exp4 } from './simdMath';
import { divideThenScale, rowMax } from './rows';
import { hsum, loadPartial, shareStart, storePartial } from './lanes';

/** out[j] = e^(scale·x[j] − shift) for j < n; returns their sum (scale·x is rounded first, as the composed ops do). */
function expScaled(x: usize, out: usize, n: i32, scale: f32, shift: f32): f32 {
  const s = f32x4.splat(scale), m = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const e = exp4(f32x4.sub(f32x4.mul(v128.load(x + (<usize>j << 2)), s), m));
    v128.store(out + (<usize>j << 2), e);
    acc = f32x4.add(acc, e);
  }
  let sum = hsum(acc);
  if (j < n) {
    const e = exp4(f32x4.sub(f32x4.mul(loadPartial(x + (<usize>j << 2), n - j), s), m));
    storePartial(out + (<usize>j << 2), e, n - j);
    sum += f32x4.extract_lane(e, 0);
    if (n - j > 1) sum += f32x4.extract_lane(e, 1);
    if (n - j > 2) sum += f32x4.extract_lane(e, 2);
  }
  return sum;
}

/**
 * y = softmax(scale·x) per row of n keys (scale > 0). Row r is query r mod T; with causal ≠ 0 it sees keys
 * j ≤ n − T + (r mod T) and the others get 0.
 */
export function attentionSoftmax(x: usize, out: usize, rows: i32, T: i32, n: i32, scale: f32, causal: i32, part: i32,
  parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  for (let r = shareStart(rows, part, parts, 1); r < r1; r++) {
    const xr = x + (<usize>r * n << 2), yr = out + (<usize>r * n << 2);
    const seen = causal ? min(n, max(0, n - T + r % T + 1)) : n;
    let m = rowMax(xr, seen) * scale;
    if (m == -Infinity) m = 0; // every key -Infinity: 0/0, NaN, as softmax gives
    divideThenScale(yr, seen, expScaled(xr, yr, seen, scale, m), 1);
    if (seen < n) memory.fill(yr + (<usize>seen << 2), 0, <usize>(n - seen) << 2);
  }
}

/** dx = scale · y ⊙ (dy − Σ dy⊙y) per row (masked keys have y = 0, so they get 0). */
export function attentionSoftmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, n: i32, scale: f32, part: i32,
  parts: i32): void {
  const r1 = shareStart(rows, part + 1, parts, 1);
  const s = f32x4.splat(scale);
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
      v128.store(dx + q, f32x4.mul(f32x4.mul(v128.load(y + q), f32x4.sub(v128.load(dy + q), d)), s));
    }
    for (; j < n; j++) {
      const q = o + (<usize>j << 2);
      store<f32>(dx + q, load<f32>(y + q) * (load<f32>(dy + q) - dot) * scale);
    }
  }
}
