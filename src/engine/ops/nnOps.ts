// The ops a transformer is built from, each one fused kernel forward and one backward: embedding lookup,
// softmax, log-softmax, layer norm (also with the residual add before it), cross-entropy, bias + GELU, dropout.
// ops/composite.ts spells each out in primitives; the tests hold the two to the same numbers.
import type { GeluVariant } from '../backends/backend';
import type { Tensor } from '../tensor';
import { Tensor as TensorClass } from '../tensor';
import type { Rng } from '../util/rng';
import { formatShape, sameShape } from '../util/shape';
import { emptyLike, kernelsOf, needsGrad, record } from './graph';
import { add, div, mul } from './binary';
import { reshape } from './movement';
import { sum } from './reduce';

/** Rows of `table` (vocab, dim) picked by integer ids of any shape: out is (...ids.shape, dim). */
export function embedding(ids: Tensor, table: Tensor): Tensor {
  const dim = table.shape[1];
  const out = emptyLike(table, [...ids.shape, dim]);
  kernelsOf(ids, table).gather(table.buffer, ids.buffer, out.buffer, ids.size, dim);
  return record(out, 'embedding', [table], (g) => {
    const gt = emptyLike(table);
    kernelsOf(g).scatterAdd(g.buffer, ids.buffer, gt.buffer, ids.size, dim);
    return [gt];
  });
}

function lastAxis(x: Tensor): { rows: number; n: number } {
  const n = x.shape[x.rank - 1];
  return { rows: n === 0 ? 0 : x.size / n, n };
}

/** Softmax over the last axis. */
export function softmax(x: Tensor): Tensor {
  const { rows, n } = lastAxis(x);
  const y = emptyLike(x);
  kernelsOf(x).softmax(x.buffer, y.buffer, rows, n);
  return record(y, 'softmax', [x], (g) => {
    const dx = emptyLike(x);
    kernelsOf(g).softmaxBackward(y.buffer, g.buffer, dx.buffer, rows, n);
    return [dx];
  });
}

/** log(softmax(x)) over the last axis, computed stably. */
export function logSoftmax(x: Tensor): Tensor {
  const { rows, n } = lastAxis(x);
  const y = emptyLike(x);
  kernelsOf(x).logSoftmax(x.buffer, y.buffer, rows, n);
  return record(y, 'logSoftmax', [x], (g) => {
    // dx = g − softmax(x)·Σg
    const p = emptyLike(x);
    kernelsOf(x).unary('exp', y.buffer, p.buffer);
    const rowSums = emptyLike(x, [rows, 1]);
    kernelsOf(g).reduce('sum', g.buffer, rowSums.buffer, rows, n, 1);
    const dx = emptyLike(x);
    kernelsOf(x).binary('mul', p.buffer, rowSums.buffer, dx.buffer, {
      outShape: [rows, n], aStrides: [n, 1], bStrides: [1, 0],
    });
    kernelsOf(x).binary('sub', g.buffer, dx.buffer, p.buffer, { outShape: [rows * n], aStrides: [1], bStrides: [1] });
    return [p];
  });
}

/** LayerNorm over the last axis with weight w and optional bias b. */
export function layerNorm(x: Tensor, w: Tensor, b: Tensor | null, eps = 1e-5): Tensor {
  const { rows, n } = layerNormRows(x, w, b);
  const y = emptyLike(x);
  const mean = emptyLike(x, [rows]);
  const rstd = emptyLike(x, [rows]);
  kernelsOf(x, w).layerNorm(x.buffer, w.buffer, b ? b.buffer : null, y.buffer, mean.buffer, rstd.buffer, rows, n, eps);
  return recordLayerNorm(y, x, w, b, mean, rstd);
}

/**
 * A residual add and the LayerNorm that reads its result, in one kernel: sum = x + branch (the new residual stream)
 * and normed = layerNorm(sum, w, b). Recorded as the two ops it fuses (an add, then a layerNorm of sum), so the
 * backward is exactly theirs. Equals residualLayerNormComposite (ops/composite.ts).
 * Example: `const { sum: x, normed: ln2 } = residualLayerNorm(x, attnOut, ln_2.weight, ln_2.bias)`.
 */
export function residualLayerNorm(x: Tensor, branch: Tensor, w: Tensor, b: Tensor | null, eps = 1e-5):
  { sum: Tensor; normed: Tensor } {
  if (!sameShape(x.shape, branch.shape)) {
    throw new Error(`residualLayerNorm: the branch ${formatShape(branch.shape)} does not match the stream ${formatShape(x.shape)}`);
  }
  const { rows, n } = layerNormRows(x, w, b);
  const sum = emptyLike(x), normed = emptyLike(x);
  const mean = emptyLike(x, [rows]);
  const rstd = emptyLike(x, [rows]);
  kernelsOf(x, branch, w).addLayerNorm(x.buffer, branch.buffer, w.buffer, b ? b.buffer : null, sum.buffer,
    normed.buffer, mean.buffer, rstd.buffer, rows, n, eps);
  record(sum, 'add', [x, branch], (g) => [g, g]); // add's backward for operands of one shape
  return { sum, normed: recordLayerNorm(normed, sum, w, b, mean, rstd) };
}

/** Rows and row length of a LayerNorm's input, once w and b are known to fit it. */
function layerNormRows(x: Tensor, w: Tensor, b: Tensor | null): { rows: number; n: number } {
  const { rows, n } = lastAxis(x);
  if (w.size !== n || (b && b.size !== n)) throw new Error(`layerNorm: weight ${formatShape(w.shape)} does not fit ${formatShape(x.shape)}`);
  return { rows, n };
}

/**
 * Links y = layerNorm(x, w, b) to its inputs. Its backward also comes accumulating: the gradient already collected
 * for x (in a transformer, the skip connection's) is added into dx by the backward kernel itself.
 */
function recordLayerNorm(y: Tensor, x: Tensor, w: Tensor, b: Tensor | null, mean: Tensor, rstd: Tensor): Tensor {
  const { rows, n } = lastAxis(x);
  const gradients = (g: Tensor, collected: readonly (Tensor | null)[]): Tensor[] => {
    const [dxCollected, dwCollected, dbCollected] = collected;
    const dx = emptyLike(x);
    const dw = emptyLike(w);
    const db = b ? emptyLike(b) : null;
    kernelsOf(g).layerNormBackward(g.buffer, x.buffer, w.buffer, mean.buffer, rstd.buffer, dx.buffer, dw.buffer,
      db ? db.buffer : null, rows, n, dxCollected ? dxCollected.buffer : null);
    // w and b (parameters, read once per forward) rarely have a gradient collected already; when they do, an add.
    const plus = (earlier: Tensor | null | undefined, own: Tensor) => (earlier ? add(earlier, own) : own);
    return db ? [dx, plus(dwCollected, dw), plus(dbCollected, db)] : [dx, plus(dwCollected, dw)];
  };
  return record(y, 'layerNorm', b ? [x, w, b] : [x, w], (g) => gradients(g, []), gradients);
}

/**
 * Mean cross-entropy of logits (..., V) against integer targets (...); targets < 0 are ignored (not counted in
 * the mean), like PyTorch's ignore_index=-1. Returns a scalar; NaN when every target is ignored.
 */
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const V = logits.shape[logits.rank - 1];
  const rows = logits.size / V;
  if (targets.size !== rows) {
    throw new Error(`crossEntropy: ${targets.size} targets for ${rows} rows of logits ${formatShape(logits.shape)}`);
  }
  const k = kernelsOf(logits, targets);
  const losses = emptyLike(logits, [rows]);
  k.crossEntropy(logits.buffer, targets.buffer, losses.buffer, rows, V);
  const total = emptyLike(logits, []);
  k.reduce('sum', losses.buffer, total.buffer, 1, rows, 1);
  // The count of targets that are not ignored stays on the device, so no read-back is needed mid-step.
  const isCounted = emptyLike(targets);
  const shifted = emptyLike(targets);
  k.scalar('add', targets.buffer, 0.5, shifted.buffer);
  k.unary('step', shifted.buffer, isCounted.buffer);
  const count = emptyLike(logits, []);
  k.reduce('sum', isCounted.buffer, count.buffer, 1, rows, 1);
  const loss = emptyLike(logits, []);
  k.binary('div', total.buffer, count.buffer, loss.buffer, { outShape: [1], aStrides: [1], bStrides: [1] });
  return record(loss, 'crossEntropy', [logits], (g) => {
    const dlogits = emptyLike(logits);
    k.crossEntropyBackward(logits.buffer, targets.buffer, dlogits.buffer, rows, V, 1);
    return [mul(dlogits, div(g, count))];
  });
}

/**
 * Attention weights from raw scores (..., T, Tk): softmax(scale·scores + causal mask) over the last axis in one fused
 * kernel each way (scale > 0). With causal, query i of T (absolute position Tk − T + i) sees keys j ≤ Tk − T + i.
 * Equals softmax(add(mulScalar(scores, scale), causalMask(T, Tk))) (ops/composite.ts attentionSoftmaxComposite).
 */
export function attentionSoftmax(scores: Tensor, scale: number, causal: boolean): Tensor {
  if (!(scale > 0)) throw new Error(`attentionSoftmax: scale must be positive, got ${scale}`);
  const { rows, n } = lastAxis(scores);
  const T = scores.rank >= 2 ? scores.shape[scores.rank - 2] : 1;
  if (causal && T > n) throw new Error(`attentionSoftmax: ${T} queries cannot all see a causal past of ${n} keys`);
  const y = emptyLike(scores);
  kernelsOf(scores).attentionSoftmax(scores.buffer, y.buffer, rows, T, n, scale, causal);
  return record(y, 'attentionSoftmax', [scores], (g) => {
    const dx = emptyLike(scores);
    kernelsOf(g).attentionSoftmaxBackward(y.buffer, g.buffer, dx.buffer, rows, n, scale);
    return [dx];
  });
}

/**
 * gelu(x + b) in one fused kernel, the MLP's bias and non-linearity: b (n) is added along the last axis (null: no
 * bias); variant 'gelu' is exact, 'geluTanh' GPT-2's approximation. When a gradient is wanted the forward kernel
 * also stores gelu'(x + b), so the backward pass is dx = g ⊙ gelu', db = Σ over rows of dx.
 */
export function biasGelu(x: Tensor, b: Tensor | null, variant: GeluVariant): Tensor {
  const { rows, n } = lastAxis(x);
  if (b && b.size !== n) throw new Error(`biasGelu: bias ${formatShape(b.shape)} does not fit ${formatShape(x.shape)}`);
  const inputs = b ? [x, b] : [x];
  const y = emptyLike(x);
  const slope = needsGrad(...inputs) ? emptyLike(x) : null;
  kernelsOf(...inputs).biasGelu(x.buffer, b ? b.buffer : null, y.buffer, slope ? slope.buffer : null, rows, n, variant);
  return record(y, variant, inputs, (g) => {
    const dx = mul(g, slope!);
    return b ? [dx, reshape(sum(reshape(dx, [rows, n]), 0), b.shape)] : [dx];
  });
}

/** Inverted dropout: zero each value with probability p, scale the rest by 1/(1−p). Identity when p = 0. */
export function dropout(x: Tensor, p: number, rng: Rng): Tensor {
  if (p <= 0) return x;
  if (p >= 1) throw new Error(`dropout probability must be below 1, got ${p}`);
  const keepMask = new Float32Array(x.size);
  for (let i = 0; i < keepMask.length; i++) keepMask[i] = rng.next() >= p ? 1 / (1 - p) : 0;
  const mask = new TensorClass(x.shape, { backend: x.backend, buffer: x.backend.alloc(x.size) });
  x.backend.write(mask.buffer, keepMask);
  return mul(x, mask);
}
