// Arithmetic per token, counted the way the Generation chapter shows it: multiply-adds of every matrix product
// (2 FLOPs each) for one new token that attends over `context` earlier positions. Training costs about 3× the
// forward pass (backward is two matrix products per forward one), as in the scaling-law papers.
import type { GPTConfig } from './model/gptConfig';

export interface FlopBreakdown {
  /** q, k, v projections: 2·C·3C per layer. */
  qkv: number;
  /** q·kᵀ and weights·v: 2·2·context·C per layer. */
  attention: number;
  /** Output projection of attention: 2·C·C per layer. */
  attnProj: number;
  /** MLP up and down: 2·2·C·4C per layer. */
  mlp: number;
  /** Output head over the vocabulary: 2·C·V. */
  head: number;
  total: number;
}

/** Forward FLOPs for one token at position `context` (it attends to context + 1 positions, itself included). */
export function forwardFlopsPerToken(c: GPTConfig, context: number): FlopBreakdown {
  const C = c.nEmbd, L = c.nLayer, span = Math.min(context, c.blockSize - 1) + 1;
  const qkv = L * 2 * C * 3 * C;
  const attention = L * 2 * 2 * span * C;
  const attnProj = L * 2 * C * C;
  const mlp = L * 2 * 2 * C * 4 * C;
  const head = 2 * C * c.vocabSize;
  return { qkv, attention, attnProj, mlp, head, total: qkv + attention + attnProj + mlp + head };
}

/** FLOPs of one training step on B windows of T tokens (forward + backward ≈ 3 × forward). */
export function trainingFlopsPerStep(c: GPTConfig, B: number, T: number): number {
  let perWindow = 0;
  for (let t = 0; t < T; t++) perWindow += forwardFlopsPerToken(c, t).total;
  return 3 * B * perWindow;
}
