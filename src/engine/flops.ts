// Arithmetic per token, counted the way the Generation chapter shows it: multiply-adds of every matrix product
// (2 FLOPs each), with attention counted over the positions a query may see (the causal half). Training costs
// about 3× the forward pass (backward is two matrix products per forward one), as in the scaling-law papers.
import type { GPTConfig } from './model/gptConfig';

export interface FlopBreakdown {
  /** q, k, v projections: 2·C·3C per position per layer. */
  qkv: number;
  /** q·kᵀ and weights·v: 2·2·span·C per query per layer. */
  attention: number;
  /** Output projection of attention: 2·C·C per position per layer. */
  attnProj: number;
  /** MLP up and down: 2·2·C·4C per position per layer. */
  mlp: number;
  /** Output head over the vocabulary: 2·C·V per position read out. */
  head: number;
  total: number;
}

function breakdown(qkv: number, attention: number, attnProj: number, mlp: number, head: number): FlopBreakdown {
  return { qkv, attention, attnProj, mlp, head, total: qkv + attention + attnProj + mlp + head };
}

/** Forward FLOPs for one token at position `context` (it attends to context + 1 positions, itself included). */
export function forwardFlopsPerToken(c: GPTConfig, context: number): FlopBreakdown {
  const C = c.nEmbd, L = c.nLayer, span = Math.min(context, c.blockSize - 1) + 1;
  return breakdown(L * 2 * C * 3 * C, L * 2 * 2 * span * C, L * 2 * C * C, L * 2 * 2 * C * 4 * C, 2 * C * c.vocabSize);
}

/**
 * FLOPs of the forward pass that gives the next token's logits: `fresh` new positions after `cached` ones already
 * in a KV cache, read out at the last position only, as GPT.forward with lastOnly computes it — the last block
 * still projects every fresh position to keys and values, but attends, projects and runs its MLP for the last one.
 * With a cache, a token within the window costs forwardFlopsPerToken; without one (cached 0), the whole context.
 */
export function forwardFlops(c: GPTConfig, { cached, fresh }: { cached: number; fresh: number }): FlopBreakdown {
  const C = c.nEmbd, L = c.nLayer;
  const perPosition = { qkv: 2 * C * 3 * C, attnProj: 2 * C * C, mlp: 2 * 2 * C * 4 * C };
  const attentionOf = (span: number) => 2 * 2 * span * C; // one query over `span` keys
  let attentionBelow = 0; // every fresh query in the blocks before the last
  for (let j = 1; j <= fresh; j++) attentionBelow += attentionOf(cached + j);
  const below = L - 1;
  return breakdown(
    L * fresh * perPosition.qkv,
    below * attentionBelow + attentionOf(cached + fresh),
    (below * fresh + 1) * perPosition.attnProj,
    (below * fresh + 1) * perPosition.mlp,
    2 * C * c.vocabSize,
  );
}

/**
 * FLOPs of one training step on B windows of T tokens (forward + backward ≈ 3 × forward). Training only the top
 * `trainedBlocks` blocks (Trainer's trainLastBlocks), backward goes through those blocks alone (2 × their forward)
 * and through the frozen head for its input only (1 × the head's forward): the frozen blocks cost one forward.
 */
export function trainingFlopsPerStep(c: GPTConfig, B: number, T: number, trainedBlocks = c.nLayer): number {
  let forward = 0, head = 0;
  for (let t = 0; t < T; t++) {
    const f = forwardFlopsPerToken(c, t);
    forward += f.total;
    head += f.head;
  }
  if (trainedBlocks >= c.nLayer) return 3 * B * forward;
  const top = ((forward - head) * trainedBlocks) / c.nLayer;
  return B * (forward + 2 * top + head);
}
