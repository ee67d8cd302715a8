// The remaining kernels: axis reductions, embedding gather / scatter-add, the AdamW update and Σx², each a SIMD
// version of the js backend's loop. Ids and targets are validated by the caller; invalid ones are skipped here so
// memory outside a buffer is never touched.
import { hmax, hsum, shareStart } from './lanes';

/** Sum or max (op 0 / 1) of one contiguous row of n floats. */
function reduceRow(isMax: bool, x: usize, n: i32): f32 {
  let j = 0;
  if (isMax) {
    let v = f32x4.splat(-Infinity);
    for (; j + 4 <= n; j += 4) v = f32x4.max(v, v128.load(x + (<usize>j << 2)));
    let m = hmax(v);
    for (; j < n; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
    return m;
  }
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  for (; j + 8 <= n; j += 8) {
    a0 = f32x4.add(a0, v128.load(x + (<usize>j << 2)));
    a1 = f32x4.add(a1, v128.load(x + (<usize>j << 2), 16));
  }
  let s = hsum(f32x4.add(a0, a1));
  for (; j < n; j++) s += load<f32>(x + (<usize>j << 2));
  return s;
}

/** out[o, i] = reduce over k < n of x[o, k, i]. Threads split o, or the columns i when there are few o. */
export function reduce(op: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32, part: i32, parts: i32): void {
  const isMax = op == 1;
  const byRows = outer >= parts || inner < 4 * parts;
  const o0 = byRows ? shareStart(outer, part, parts, 1) : 0, o1 = byRows ? shareStart(outer, part + 1, parts, 1) : outer;
  const c0 = byRows ? 0 : shareStart(inner, part, parts, 4), c1 = byRows ? inner : shareStart(inner, part + 1, parts, 4);
  for (let o = o0; o < o1; o++) {
    if (inner == 1) {
      store<f32>(out + (<usize>o << 2), reduceRow(isMax, x + (<usize>o * n << 2), n));
      continue;
    }
    const dst = out + (<usize>o * inner << 2);
    const init: f32 = isMax ? -Infinity : 0;
    for (let i = c0; i < c1; i++) store<f32>(dst + (<usize>i << 2), init);
    for (let k = 0; k < n; k++) {
      const src = x + ((<usize>o * n + k) * inner << 2);
      let i = c0;
      for (; i + 4 <= c1; i += 4) {
        const p = dst + (<usize>i << 2);
        const v = v128.load(src + (<usize>i << 2));
        v128.store(p, isMax ? f32x4.max(v128.load(p), v) : f32x4.add(v128.load(p), v));
      }
      for (; i < c1; i++) {
        const p = dst + (<usize>i << 2);
        const v = load<f32>(src + (<usize>i << 2));
        store<f32>(p, isMax ? max(load<f32>(p), v) : load<f32>(p) + v);
      }
    }
  }
}

/** out[r, :] = table[ids[r], :]; ids are checked by the caller. */
export function gather(table: usize, ids: usize, out: usize, rows: i32, dim: i32, vocab: i32): void {
  const bytes = <usize>dim << 2;
  for (let r = 0; r < rows; r++) {
    const id = load<f32>(ids + (<usize>r << 2));
    if (id >= 0 && id < <f32>vocab) memory.copy(out + <usize>r * bytes, table + <usize><i32>id * bytes, bytes);
  }
}

/** table[ids[r], :] += src[r, :]. Repeated ids are safe under threads: each thread owns a range of columns. */
export function scatterAdd(src: usize, ids: usize, table: usize, rows: i32, dim: i32, vocab: i32, part: i32, parts: i32): void {
  const c0 = shareStart(dim, part, parts, 4), c1 = shareStart(dim, part + 1, parts, 4);
  for (let r = 0; r < rows; r++) {
    const id = load<f32>(ids + (<usize>r << 2));
    if (!(id >= 0 && id < <f32>vocab && id == Mathf.floor(id))) continue;
    const s = src + (<usize>r * dim << 2), t = table + (<usize><i32>id * dim << 2);
    let j = c0;
    for (; j + 4 <= c1; j += 4) {
      const q = <usize>j << 2;
      v128.store(t + q, f32x4.add(v128.load(t + q), v128.load(s + q)));
    }
    for (; j < c1; j++) {
      const q = <usize>j << 2;
      store<f32>(t + q, load<f32>(t + q) + load<f32>(s + q));
    }
  }
}

/**
 * One AdamW step on n floats, PyTorch's form: m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², w = w·decay − lr·m̂/(√v̂ + ε)
 * with m̂ = m/bc1, v̂ = v/bc2, decay = 1 − lr·weightDecay and g already multiplied by gradScale.
 */
export function adamw(param: usize, grad: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32,
  decay: f32, bc1: f32, bc2: f32, gradScale: f32, part: i32, parts: i32): void {
  const i1 = shareStart(n, part + 1, parts, 4);
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1), b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const lrv = f32x4.splat(lr), epsv = f32x4.splat(eps), dv = f32x4.splat(decay), gs = f32x4.splat(gradScale);
  const bc1v = f32x4.splat(bc1), bc2v = f32x4.splat(bc2);
  let i = shareStart(n, part, parts, 4);
  for (; i + 4 <= i1; i += 4) {
    const q = <usize>i << 2;
    const g = f32x4.mul(v128.load(grad + q), gs);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + q)), f32x4.mul(c1, g));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + q)), f32x4.mul(c2, f32x4.mul(g, g)));
    v128.store(m + q, mi);
    v128.store(v + q, vi);
    const step = f32x4.div(f32x4.mul(lrv, f32x4.div(mi, bc1v)), f32x4.add(f32x4.sqrt(f32x4.div(vi, bc2v)), epsv));
    v128.store(param + q, f32x4.sub(f32x4.mul(v128.load(param + q), dv), step));
  }
  for (; i < i1; i++) {
    const q = <usize>i << 2;
    const g = load<f32>(grad + q) * gradScale;
    const mi = beta1 * load<f32>(m + q) + (1 - beta1) * g;
    const vi = beta2 * load<f32>(v + q) + (1 - beta2) * g * g;
    store<f32>(m + q, mi);
    store<f32>(v + q, vi);
    store<f32>(param + q, load<f32>(param + q) * decay - (lr * (mi / bc1)) / (Mathf.sqrt(vi / bc2) + eps));
  }
}

/** out[0] = Σ x², squared and accumulated in f64 lanes as the js backend does (it feeds gradient-norm clipping). */
export function sumSquares(x: usize, n: i32, out: usize): void {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v), hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    a0 = f64x2.add(a0, f64x2.mul(lo, lo));
    a1 = f64x2.add(a1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(a0, a1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) { const v = <f64>load<f32>(x + (<usize>i << 2)); total += v * v; }
  store<f32>(out, <f32>total);
}
