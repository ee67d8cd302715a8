// Kernels of the js backend, written for clarity first and cache-friendly loop order second.
// These loops define what every kernel means; other backends are checked against them.
import type { BroadcastPlan, FloatArray, Kernels, MatmulParams, StridedCopy, UnaryOp, BinaryOp, ScalarOp } from '../backend';
import { isContiguousPlan } from '../backend';
import { arrayOf } from './jsBackend';
import { matmulJs } from './jsMatmul';
import { normalCdf, normalPdf } from '../../util/normal';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function unaryFn(op: UnaryOp): (x: number) => number {
  switch (op) {
    case 'neg': return (x) => -x;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'sqrt': return Math.sqrt;
    case 'rsqrt': return (x) => 1 / Math.sqrt(x);
    case 'tanh': return Math.tanh;
    case 'relu': return (x) => (x > 0 ? x : 0);
    case 'step': return (x) => (x > 0 ? 1 : 0);
    case 'abs': return Math.abs;
    case 'recip': return (x) => 1 / x;
    case 'square': return (x) => x * x;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'gelu': return (x) => x * normalCdf(x);
    case 'geluGrad': return (x) => normalCdf(x) + x * normalPdf(x);
    case 'geluTanh': return (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    case 'geluTanhGrad': return (x) => {
      const u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
      const t = Math.tanh(u);
      const du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
    };
  }
}

function binaryFn(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'max': return (a, b) => (a >= b || Number.isNaN(a) ? a : b);
    case 'min': return (a, b) => (a <= b || Number.isNaN(a) ? a : b);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
  }
}

function scalarFn(op: ScalarOp, s: number): (x: number) => number {
  switch (op) {
    case 'add': return (x) => x + s;
    case 'mul': return (x) => x * s;
    case 'pow': return (x) => Math.pow(x, s);
    case 'max': return (x) => (x >= s || Number.isNaN(x) ? x : s);
    case 'min': return (x) => (x <= s || Number.isNaN(x) ? x : s);
    case 'rsub': return (x) => s - x;
    case 'rdiv': return (x) => s / x;
  }
}

/** Visits every index of `shape` in row-major order, calling visit(aIndex, bIndex, flatOut). */
function broadcastLoop(plan: BroadcastPlan, visit: (ia: number, ib: number, o: number) => void): void {
  const { outShape, aStrides, bStrides } = plan;
  const rank = outShape.length;
  const total = outShape.reduce((p, d) => p * d, 1);
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o++) {
    visit(ia, ib, o);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      ia += aStrides[d];
      ib += bStrides[d];
      if (idx[d] < outShape[d]) break;
      ia -= aStrides[d] * outShape[d];
      ib -= bStrides[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

function copyStrided(src: ArrayLike<number>, dst: { [i: number]: number }, c: StridedCopy): void {
  const { shape, srcStrides, dstStrides } = c;
  const rank = shape.length;
  const total = shape.reduce((p, d) => p * d, 1);
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  let is = c.srcOffset;
  let id = c.dstOffset;
  for (let n = 0; n < total; n++) {
    dst[id] = src[is];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      is += srcStrides[d];
      id += dstStrides[d];
      if (idx[d] < shape[d]) break;
      is -= srcStrides[d] * shape[d];
      id -= dstStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** LayerNorm of each row of xs: ys = (x − mean)·rstd·w + b, with mean and rstd kept for the backward pass. */
function normalizeRows(xs: FloatArray, ws: FloatArray, bs: FloatArray | null, ys: FloatArray, ms: FloatArray,
  rs: FloatArray, rows: number, n: number, eps: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let m = 0;
    for (let j = 0; j < n; j++) m += xs[o + j];
    m /= n;
    let v = 0;
    for (let j = 0; j < n; j++) { const d = xs[o + j] - m; v += d * d; }
    const s = 1 / Math.sqrt(v / n + eps);
    ms[r] = m; rs[r] = s;
    for (let j = 0; j < n; j++) ys[o + j] = (xs[o + j] - m) * s * ws[j] + (bs ? bs[j] : 0);
  }
}

export const jsKernels: Kernels = {
  fill(out, value) {
    arrayOf(out).fill(value);
  },

  unary(op, x, out) {
    const xs = arrayOf(x), ys = arrayOf(out), f = unaryFn(op);
    for (let i = 0; i < xs.length; i++) ys[i] = f(xs[i]);
  },

  binary(op, a, b, out, plan) {
    const as = arrayOf(a), bs = arrayOf(b), ys = arrayOf(out), f = binaryFn(op);
    if (isContiguousPlan(plan)) {
      for (let i = 0; i < ys.length; i++) ys[i] = f(as[i], bs[i]);
    } else {
      broadcastLoop(plan, (ia, ib, o) => { ys[o] = f(as[ia], bs[ib]); });
    }
  },

  scalar(op, x, s, out) {
    const xs = arrayOf(x), ys = arrayOf(out), f = scalarFn(op, s);
    for (let i = 0; i < xs.length; i++) ys[i] = f(xs[i]);
  },

  reduce(op, x, out, outer, n, inner) {
    const xs = arrayOf(x), ys = arrayOf(out);
    const isSum = op === 'sum';
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let acc = isSum ? 0 : -Infinity;
        let p = o * n * inner + i;
        for (let k = 0; k < n; k++, p += inner) {
          const v = xs[p];
          if (isSum) acc += v;
          else if (v > acc || Number.isNaN(v)) acc = Number.isNaN(acc) ? acc : v;
        }
        ys[o * inner + i] = acc;
      }
    }
  },

  matmul(a, b, out, p: MatmulParams) {
    matmulJs(arrayOf(a), arrayOf(b), arrayOf(out), p, p.scaleBy ? arrayOf(p.scaleBy) : null);
  },

  copyStrided(x, out, c) {
    copyStrided(arrayOf(x), arrayOf(out), c);
  },

  gather(table, ids, out, rows, dim) {
    const t = arrayOf(table), id = arrayOf(ids), y = arrayOf(out);
    const vocab = t.length / dim;
    for (let r = 0; r < rows; r++) {
      const row = id[r];
      if (!(row >= 0 && row < vocab)) throw new RangeError(`gather: id ${row} outside 0..${vocab - 1}`);
      y.set(t.subarray(row * dim, row * dim + dim), r * dim);
    }
  },

  scatterAdd(src, ids, table, rows, dim) {
    const s = arrayOf(src), id = arrayOf(ids), t = arrayOf(table);
    for (let r = 0; r < rows; r++) {
      const base = id[r] * dim;
      for (let j = 0; j < dim; j++) t[base + j] += s[r * dim + j];
    }
  },

  softmax(x, out, rows, n) {
    const xs = arrayOf(x), ys = arrayOf(out);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (xs[o + j] > max) max = xs[o + j];
      if (max === -Infinity) max = 0; // a fully masked row: exp(-inf) = 0 everywhere, sum 0, result NaN as in torch
      let sum = 0;
      for (let j = 0; j < n; j++) { const e = Math.exp(xs[o + j] - max); ys[o + j] = e; sum += e; }
      for (let j = 0; j < n; j++) ys[o + j] /= sum;
    }
  },

  softmaxBackward(y, dy, dx, rows, n) {
    const ys = arrayOf(y), g = arrayOf(dy), out = arrayOf(dx);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += g[o + j] * ys[o + j];
      for (let j = 0; j < n; j++) out[o + j] = ys[o + j] * (g[o + j] - dot);
    }
  },

  logSoftmax(x, out, rows, n) {
    const xs = arrayOf(x), ys = arrayOf(out);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (xs[o + j] > max) max = xs[o + j];
      if (max === -Infinity) max = 0;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(xs[o + j] - max);
      const lse = max + Math.log(sum);
      for (let j = 0; j < n; j++) ys[o + j] = xs[o + j] - lse;
    }
  },

  layerNorm(x, w, b, out, mean, rstd, rows, n, eps) {
    normalizeRows(arrayOf(x), arrayOf(w), b ? arrayOf(b) : null, arrayOf(out), arrayOf(mean), arrayOf(rstd), rows, n, eps);
  },

  addLayerNorm(x, y, w, b, sum, out, mean, rstd, rows, n, eps) {
    const xs = arrayOf(x), ys = arrayOf(y), ss = arrayOf(sum);
    for (let i = 0; i < rows * n; i++) ss[i] = xs[i] + ys[i];
    normalizeRows(ss, arrayOf(w), b ? arrayOf(b) : null, arrayOf(out), arrayOf(mean), arrayOf(rstd), rows, n, eps);
  },

  layerNormBackward(dy, x, w, mean, rstd, dx, dw, db, rows, n, residual) {
    const g = arrayOf(dy), xs = arrayOf(x), ws = arrayOf(w), ms = arrayOf(mean), rs = arrayOf(rstd);
    const gx = arrayOf(dx), gw = arrayOf(dw), gb = db ? arrayOf(db) : null, gr = residual ? arrayOf(residual) : null;
    for (let r = 0; r < rows; r++) {
      const o = r * n, m = ms[r], s = rs[r];
      // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat)), dxhat = dy ⊙ w
      let meanD = 0, meanDX = 0;
      for (let j = 0; j < n; j++) {
        const xhat = (xs[o + j] - m) * s;
        const d = g[o + j] * ws[j];
        meanD += d; meanDX += d * xhat;
        gw[j] += g[o + j] * xhat;
        if (gb) gb[j] += g[o + j];
      }
      meanD /= n; meanDX /= n;
      for (let j = 0; j < n; j++) {
        const xhat = (xs[o + j] - m) * s;
        gx[o + j] = s * (g[o + j] * ws[j] - meanD - xhat * meanDX) + (gr ? gr[o + j] : 0);
      }
    }
  },

  crossEntropy(logits, targets, losses, rows, V) {
    const z = arrayOf(logits), t = arrayOf(targets), l = arrayOf(losses);
    for (let r = 0; r < rows; r++) {
      const target = t[r];
      if (target < 0) { l[r] = 0; continue; }
      if (!(target < V)) throw new RangeError(`crossEntropy: target ${target} outside 0..${V - 1}`);
      const o = r * V;
      let max = -Infinity;
      for (let j = 0; j < V; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(z[o + j] - max);
      l[r] = max + Math.log(sum) - z[o + target];
    }
  },

  crossEntropyBackward(logits, targets, dlogits, rows, V, scale) {
    const z = arrayOf(logits), t = arrayOf(targets), g = arrayOf(dlogits);
    for (let r = 0; r < rows; r++) {
      const o = r * V, target = t[r];
      if (target < 0) { g.fill(0, o, o + V); continue; }
      let max = -Infinity;
      for (let j = 0; j < V; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < V; j++) { const e = Math.exp(z[o + j] - max); g[o + j] = e; sum += e; }
      for (let j = 0; j < V; j++) g[o + j] = (g[o + j] / sum) * scale;
      g[o + target] -= scale;
    }
  },

  attentionSoftmax(x, out, rows, T, n, scale, causal) {
    const xs = arrayOf(x), ys = arrayOf(out);
    // scale·x is rounded to the buffers' precision, as the composed mulScalar stores it
    const round = xs instanceof Float32Array ? Math.fround : (v: number) => v;
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      const seen = causal ? Math.min(n, Math.max(0, n - T + (r % T) + 1)) : n;
      let max = -Infinity;
      for (let j = 0; j < seen; j++) { const s = round(scale * xs[o + j]); if (s > max) max = s; }
      if (max === -Infinity) max = 0;
      let sum = 0;
      for (let j = 0; j < seen; j++) { const e = Math.exp(round(scale * xs[o + j]) - max); ys[o + j] = e; sum += e; }
      for (let j = 0; j < seen; j++) ys[o + j] /= sum;
      for (let j = seen; j < n; j++) ys[o + j] = 0;
    }
  },

  attentionSoftmaxBackward(y, dy, dx, rows, n, scale) {
    const ys = arrayOf(y), g = arrayOf(dy), out = arrayOf(dx);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += g[o + j] * ys[o + j];
      for (let j = 0; j < n; j++) out[o + j] = ys[o + j] * (g[o + j] - dot) * scale;
    }
  },

  biasGelu(x, b, out, grad, rows, n, variant) {
    const xs = arrayOf(x), bs = b ? arrayOf(b) : null, ys = arrayOf(out), gs = grad ? arrayOf(grad) : null;
    const f = unaryFn(variant), df = unaryFn(variant === 'gelu' ? 'geluGrad' : 'geluTanhGrad');
    // h is rounded to the buffers' precision, as the composed add-then-gelu stores it
    const round = xs instanceof Float32Array ? Math.fround : (v: number) => v;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < n; j++) {
        const i = r * n + j;
        const h = bs ? round(xs[i] + bs[j]) : xs[i];
        ys[i] = f(h);
        if (gs) gs[i] = df(h);
      }
    }
  },

  adamw(param, grad, m, v, p) {
    const w = arrayOf(param), g = arrayOf(grad), ms = arrayOf(m), vs = arrayOf(v);
    const bc1 = 1 - Math.pow(p.beta1, p.step), bc2 = 1 - Math.pow(p.beta2, p.step);
    const decay = 1 - p.lr * p.weightDecay;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] * p.gradScale;
      ms[i] = p.beta1 * ms[i] + (1 - p.beta1) * gi;
      vs[i] = p.beta2 * vs[i] + (1 - p.beta2) * gi * gi;
      const mhat = ms[i] / bc1, vhat = vs[i] / bc2;
      w[i] = w[i] * decay - (p.lr * mhat) / (Math.sqrt(vhat) + p.eps);
    }
  },

  sumSquares(x, out) {
    const xs = arrayOf(x);
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i] * xs[i];
    arrayOf(out)[0] = s;
  },
};
