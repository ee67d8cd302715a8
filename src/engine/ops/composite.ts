// The fused ops of nnOps.ts spelled out in primitives. They define what the fused kernels must compute, and the
// tests check fused against composed (values and gradients) on every backend.
import type { GeluVariant } from '../backends/backend';
import { tensor, type Tensor } from '../tensor';
import { add, div, mul, sub } from './binary';
import { exp, gelu, geluTanh, log, tanh } from './unary';
import { addScalar, mulScalar, powScalar } from './scalar';
import { max, mean, sum } from './reduce';
import { permute, reshape, splitHeads } from './movement';
import { matmul } from './matmul';

export function softmaxComposite(x: Tensor): Tensor {
  const shifted = sub(x, max(x, -1, true));
  const e = exp(shifted);
  return div(e, sum(e, -1, true));
}

export function logSoftmaxComposite(x: Tensor): Tensor {
  const shifted = sub(x, max(x, -1, true));
  return sub(shifted, log(sum(exp(shifted), -1, true)));
}

export function layerNormComposite(x: Tensor, w: Tensor, b: Tensor | null, eps = 1e-5): Tensor {
  const centered = sub(x, mean(x, -1, true));
  const variance = mean(mul(centered, centered), -1, true);
  const normalized = mul(centered, powScalar(addScalar(variance, eps), -0.5));
  const scaled = mul(normalized, w);
  return b ? add(scaled, b) : scaled;
}

/** residualLayerNorm as its two steps: the residual add, then LayerNorm of the sum. */
export function residualLayerNormComposite(x: Tensor, branch: Tensor, w: Tensor, b: Tensor | null, eps = 1e-5):
  { sum: Tensor; normed: Tensor } {
  const sum = add(x, branch);
  return { sum, normed: layerNormComposite(sum, w, b, eps) };
}

/** GPT-2's tanh GELU from primitives (exact GELU needs erf, which is no primitive). */
export function geluTanhComposite(x: Tensor): Tensor {
  const inner = mulScalar(add(x, mulScalar(mul(x, mul(x, x)), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mulScalar(x, 0.5), addScalar(tanh(inner), 1));
}

/** attentionSoftmax as the steps it fuses: scale, add the causal mask (-Infinity above the diagonal), softmax. */
export function attentionSoftmaxComposite(scores: Tensor, scale: number, causal: boolean): Tensor {
  const scaled = mulScalar(scores, scale);
  const T = scores.shape[scores.rank - 2], Tk = scores.shape[scores.rank - 1];
  if (!causal) return softmaxComposite(scaled);
  const mask = new Float32Array(T * Tk);
  for (let i = 0; i < T; i++) for (let j = Tk - T + i + 1; j < Tk; j++) mask[i * Tk + j] = -Infinity;
  return softmaxComposite(add(scaled, tensor(mask, [T, Tk])));
}

/** biasGelu as its two steps: add the bias (broadcast over rows), then the GELU's own op. */
export function biasGeluComposite(x: Tensor, b: Tensor | null, variant: GeluVariant): Tensor {
  const h = b ? add(x, b) : x;
  return variant === 'gelu' ? gelu(h) : geluTanh(h);
}

/** Cross-entropy from log-softmax and a one-hot mask; `oneHot` (rows, V) has a row of zeros for ignored rows. */
export function crossEntropyComposite(logits: Tensor, oneHot: Tensor, counted: number): Tensor {
  const V = logits.shape[logits.rank - 1];
  const logp = logSoftmaxComposite(reshape(logits, [-1, V]));
  return mulScalar(sum(mul(logp, oneHot)), -1 / counted);
}

/** headScores as split + GEMM: q and k copied out of the projection, then q·kᵀ per head. */
export function headScoresComposite(qkv: Tensor, nh: number): Tensor {
  return matmul(splitHeads(qkv, 3, 0, nh), splitHeads(qkv, 3, 1, nh), { transB: true });
}

/** headMix as split + GEMM + merge: v copied out, weights·v per head, the heads copied back side by side. */
export function headMixComposite(weights: Tensor, qkv: Tensor, nh: number): Tensor {
  const [B, T, width] = qkv.shape;
  return reshape(permute(matmul(weights, splitHeads(qkv, 3, 2, nh)), [0, 2, 1, 3]), [B, T, width / 3]);
}

/** headAttention as its three ops: scores, the fused softmax, the weighted sum of values. */
export function headAttentionComposite(qkv: Tensor, nh: number, scale: number, causal: boolean): Tensor {
  return headMixComposite(attentionSoftmaxComposite(headScoresComposite(qkv, nh), scale, causal), qkv, nh);
}
