// Attention's two per-head products with the heads read and written where they lie: the scores q·kᵀ straight out
// of the (B, T, 3C) projection, and weights·v written straight into (B, T, C), heads side by side. Each is one
// batched GEMM over head-strided operands (backend.ts MatmulParams.strided), where splitHeads + matmul + permute
// would copy q, k, v out and the heads back in, forward and backward. composite.ts spells both out that way.
// headAttention chains the two around attention's softmax as one op (as llm.c's attention_forward/backward), so the
// backward writes dq, dk and dv into one gradient of qkv instead of two that autograd then adds.
import type { MatmulParams, MatrixLayout } from '../backends/backend';
import type { Tensor } from '../tensor';
import { formatShape } from '../util/shape';
import { emptyLike, kernelsOf, needsGrad, record } from './graph';

/** The sizes of a (B, T, 3C) projection with nh heads, and where each head of q (0), k (1) or v (2) lies in it. */
function projection(qkv: Tensor, nh: number, op: string) {
  const [B, T, width] = qkv.shape;
  const C = width / 3, hs = C / nh;
  if (qkv.rank !== 3 || !(nh >= 1) || !Number.isInteger(C) || !Number.isInteger(hs)) {
    throw new Error(`${op}: ${formatShape(qkv.shape)} is no (B, T, 3C) projection for ${nh} heads`);
  }
  const part = (i: number): MatrixLayout => ({ offset: i * C, ld: width, outer: T * width, head: hs });
  return { B, T, C, hs, part };
}

/** (B, nh, T, Tk) matrices, one per head, packed (square unless Tk is given). */
const squares = (nh: number, T: number, Tk = T): MatrixLayout => ({ offset: 0, ld: Tk, outer: nh * T * Tk, head: T * Tk });
/** Heads side by side in (B, T, C). */
const sideBySide = (T: number, C: number, hs: number): MatrixLayout => ({ offset: 0, ld: C, outer: T * C, head: hs });

/** out (its matrices only) = op(a)·op(b) per head, over B·nh matrices laid out as given. */
function headGemm(out: Tensor, a: Tensor, b: Tensor, nh: number, batch: number, dims: Pick<MatmulParams, 'M' | 'N' | 'K' | 'transA' | 'transB'>,
  layouts: { a: MatrixLayout; b: MatrixLayout; c: MatrixLayout; coversOut?: boolean }): void {
  const strided = { heads: nh, a: layouts.a, b: layouts.b, c: layouts.c, coversOut: layouts.coversOut === true };
  kernelsOf(a, b, out).matmul(a.buffer, b.buffer, out.buffer, {
    M: dims.M, N: dims.N, K: dims.K, transA: dims.transA, transB: dims.transB, batch, aBatchStride: 0, bBatchStride: 0, beta: 0, strided,
  });
}

/**
 * Raw attention scores (B, nh, T, T) = q·kᵀ per head, before the 1/√hs scale, with q and k read in place from the
 * projection qkv (B, T, 3C). Equals matmul(splitHeads(qkv, 3, 0, nh), splitHeads(qkv, 3, 1, nh), { transB: true }).
 */
export function headScores(qkv: Tensor, nh: number): Tensor {
  const { B, T, hs, part } = projection(qkv, nh, 'headScores');
  const scores = emptyLike(qkv, [B, nh, T, T]);
  const S = squares(nh, T);
  headGemm(scores, qkv, qkv, nh, B * nh, { M: T, N: T, K: hs, transA: false, transB: true }, { a: part(0), b: part(1), c: S });
  return record(scores, 'headScores', [qkv], (g) => {
    // dq = dS·k and dk = dSᵀ·q, each written into its own third of one gradient; v's third stays 0.
    const dqkv = emptyLike(qkv);
    headGemm(dqkv, g, qkv, nh, B * nh, { M: T, N: hs, K: T, transA: false, transB: false }, { a: S, b: part(1), c: part(0) });
    headGemm(dqkv, g, qkv, nh, B * nh, { M: T, N: hs, K: T, transA: true, transB: false }, { a: S, b: part(0), c: part(1) });
    return [dqkv];
  });
}

/**
 * The heads' outputs side by side, (B, T, C): weights (B, nh, T, T) times each head's v, read in place from qkv
 * (B, T, 3C). Equals reshape(permute(matmul(weights, splitHeads(qkv, 3, 2, nh)), [0, 2, 1, 3]), [B, T, C]).
 */
export function headMix(weights: Tensor, qkv: Tensor, nh: number): Tensor {
  const { B, T, C, hs, part } = projection(qkv, nh, 'headMix');
  if (weights.rank !== 4 || weights.shape.some((d, i) => d !== [B, nh, T, T][i])) {
    throw new Error(`headMix: weights ${formatShape(weights.shape)} do not fit ${formatShape(qkv.shape)} with ${nh} heads`);
  }
  const y = emptyLike(qkv, [B, T, C]);
  const S = squares(nh, T), Y = sideBySide(T, C, hs);
  headGemm(y, weights, qkv, nh, B * nh, { M: T, N: hs, K: T, transA: false, transB: false }, { a: S, b: part(2), c: Y });
  return record(y, 'headMix', [weights, qkv], (g) => {
    let dw: Tensor | null = null, dqkv: Tensor | null = null;
    if (weights.requiresGrad) { // dW = dy·vᵀ per head
      dw = emptyLike(weights);
      headGemm(dw, g, qkv, nh, B * nh, { M: T, N: T, K: hs, transA: false, transB: true }, { a: Y, b: part(2), c: S });
    }
    if (qkv.requiresGrad) { // dv = Wᵀ·dy per head, into v's third; q's and k's stay 0
      dqkv = emptyLike(qkv);
      headGemm(dqkv, weights, g, nh, B * nh, { M: T, N: hs, K: T, transA: true, transB: false }, { a: S, b: Y, c: part(2) });
    }
    return [dw, dqkv];
  });
}

/**
 * Causal self-attention's core in one op: softmax(scale·q·kᵀ, causally masked) · v per head, q, k, v read in place
 * from qkv (B, T, 3C) and the heads written side by side, (B, T, C). Equals
 * headMix(attentionSoftmax(headScores(qkv, nh), scale, causal), qkv, nh), without dropout on the weights.
 */
export function headAttention(qkv: Tensor, nh: number, scale: number, causal: boolean): Tensor {
  const { B, T, C, hs, part } = projection(qkv, nh, 'headAttention');
  if (!(scale > 0)) throw new Error(`headAttention: scale must be positive, got ${scale}`);
  const k = kernelsOf(qkv);
  const S = squares(nh, T), Y = sideBySide(T, C, hs);
  const raw = emptyLike(qkv, [B, nh, T, T]), weights = emptyLike(raw), y = emptyLike(qkv, [B, T, C]);
  headGemm(raw, qkv, qkv, nh, B * nh, { M: T, N: T, K: hs, transA: false, transB: true }, { a: part(0), b: part(1), c: S });
  k.attentionSoftmax(raw.buffer, weights.buffer, B * nh * T, T, T, scale, causal);
  headGemm(y, weights, qkv, nh, B * nh, { M: T, N: hs, K: T, transA: false, transB: false }, { a: S, b: part(2), c: Y });
  return record(y, 'headAttention', [qkv], (g) => {
    // dW = dy·vᵀ, dS through the softmax (into raw's buffer, no longer needed), then dq, dk, dv into one gradient.
    const dw = emptyLike(weights), dqkv = emptyLike(qkv);
    headGemm(dw, g, qkv, nh, B * nh, { M: T, N: T, K: hs, transA: false, transB: true }, { a: Y, b: part(2), c: S });
    k.attentionSoftmaxBackward(weights.buffer, dw.buffer, raw.buffer, B * nh * T, T, scale);
    // the three products fill dqkv's thirds between them (coversOut), so a recycled buffer is not zeroed first
    headGemm(dqkv, raw, qkv, nh, B * nh, { M: T, N: hs, K: T, transA: false, transB: false }, { a: S, b: part(1), c: part(0), coversOut: true });
    headGemm(dqkv, raw, qkv, nh, B * nh, { M: T, N: hs, K: T, transA: true, transB: false }, { a: S, b: part(0), c: part(1) });
    headGemm(dqkv, weights, g, nh, B * nh, { M: T, N: hs, K: T, transA: true, transB: false }, { a: S, b: Y, c: part(2) });
    return [dqkv];
  });
}

/**
 * Where the keys or the values of every head lie for inference: columns `column`… of the rows of `tensor`
 * (B, rows, width), head h at column + h·hs. The projection's own (qkv, C or 2C) or a KVCache store's (kv, 0 or C).
 */
export interface HeadSource {
  readonly tensor: Tensor;
  readonly column: number;
}

/**
 * Raw scores (B, nh, Tq, Tk) of the last Tq queries of qkv (B, T, 3C), read in place, against the first Tk keys of
 * `keys`, before the 1/√hs scale. For inference (decoding with a cache, or only the last position): no gradient.
 */
export function headScoresFrom(qkv: Tensor, keys: HeadSource, nh: number, Tq: number, Tk: number): Tensor {
  const { B, T, C, hs } = projection(qkv, nh, 'headScoresFrom');
  checkSource(keys, B, C, Tk, qkv, 'headScoresFrom');
  if (!(Tq >= 1 && Tq <= T)) throw new Error(`headScoresFrom: ${Tq} queries of ${T}`);
  const width = 3 * C;
  const scores = emptyLike(qkv, [B, nh, Tq, Tk]);
  headGemm(scores, qkv, keys.tensor, nh, B * nh, { M: Tq, N: Tk, K: hs, transA: false, transB: true }, {
    a: { offset: (T - Tq) * width, ld: width, outer: T * width, head: hs }, b: sourceLayout(keys, hs), c: squares(nh, Tq, Tk),
  });
  return scores;
}

/** The heads' outputs side by side (B, Tq, C): weights (B, nh, Tq, Tk) times the first Tk values of `values`. No gradient. */
export function headMixFrom(weights: Tensor, values: HeadSource, nh: number, C: number): Tensor {
  const [B, , Tq, Tk] = weights.shape, hs = C / nh;
  if (weights.rank !== 4 || weights.shape[1] !== nh) throw new Error(`headMixFrom: weights ${formatShape(weights.shape)} are not (B, ${nh}, Tq, Tk)`);
  checkSource(values, B, C, Tk, weights, 'headMixFrom');
  const y = emptyLike(weights, [B, Tq, C]);
  headGemm(y, weights, values.tensor, nh, B * nh, { M: Tq, N: hs, K: Tk, transA: false, transB: false }, {
    a: squares(nh, Tq, Tk), b: sourceLayout(values, hs), c: sideBySide(Tq, C, hs),
  });
  return y;
}

function sourceLayout({ tensor, column }: HeadSource, hs: number): MatrixLayout {
  const [, rows, width] = tensor.shape;
  return { offset: column, ld: width, outer: rows * width, head: hs };
}

function checkSource({ tensor, column }: HeadSource, B: number, C: number, Tk: number, other: Tensor, op: string): void {
  const [b, rows, width] = tensor.shape;
  if (tensor.rank !== 3 || b !== B || rows < Tk || column + C > width) {
    throw new Error(`${op}: ${Tk} positions of ${C} features from column ${column} do not fit in ${formatShape(tensor.shape)} for batch ${B}`);
  }
  if (needsGrad(tensor, other)) throw new Error(`${op}: inference only, no gradient`);
}
