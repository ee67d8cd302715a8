// A next-token distribution as it crosses the worker boundary: the top entries with every stage (logit, the model's
// probability, after temperature, after the cuts, and which cut removed it), a summary of the whole distribution,
// and, when asked, the full vectors as Float32Arrays (V is 1,024 here but 200,000 for GPT-4o's vocabulary: one
// Float32Array of logits is 800 KB; a plain array of objects would be many times that).
import { cutReasons, entropy, type CutReason, type TokenDistribution, type Tokenizer } from '../engine';

export interface TokenChoice {
  id: number;
  /** Readable label (␣ for a space, escapes for invisibles). */
  label: string;
  logit: number;
  /** softmax(logits): the model's own probability. */
  model: number;
  /** After temperature. */
  tempered: number;
  /** After the cuts, renormalised: the chance it is drawn (0 when cut). */
  probability: number;
  cut: CutReason;
}

export interface DistributionSummary {
  vocabSize: number;
  /** Tokens that can still be drawn after the cuts. */
  kept: number;
  /** Their share of the tempered distribution's mass (1: nothing cut). */
  keptMass: number;
  /** In nats, at each stage; ln(vocabSize) is the entropy of a uniform guess. */
  entropy: { model: number; tempered: number; filtered: number };
}

/** Every value per token, row-aligned with the vocabulary. Sent only when asked for. */
export interface FullDistribution {
  logits: Float32Array;
  filtered: Float32Array;
  /** Cut codes (engine Cut: 0 kept, 1 greedy, 2 top-k, 3 top-p, 4 min-p). */
  cut: Uint8Array;
}

export interface DistributionReport {
  /** The `count` tokens with the highest logits, cut ones included, most likely first. */
  top: TokenChoice[];
  summary: DistributionSummary;
  full?: FullDistribution;
}

/** Indices of the n largest values, largest first (ties: lower index first), in one pass: V may be 200,000. */
export function topIndices(values: ArrayLike<number>, n: number): number[] {
  const best: number[] = [];
  if (n <= 0) return best;
  for (let i = 0; i < values.length; i++) {
    if (best.length === n && values[i] <= values[best[n - 1]]) continue;
    let at = best.length < n ? best.length : n - 1;
    if (best.length < n) best.push(i);
    while (at > 0 && values[best[at - 1]] < values[i]) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = i;
  }
  return best;
}

export function reportDistribution(
  tokenizer: Tokenizer,
  logits: ArrayLike<number>,
  d: TokenDistribution,
  { count, full = false }: { count: number; full?: boolean },
): DistributionReport {
  let kept = 0, keptMass = 0;
  for (let i = 0; i < d.cut.length; i++) {
    if (d.cut[i] === 0) {
      kept++;
      keptMass += d.tempered[i];
    }
  }
  const top = topIndices(logits, count).map((id) => ({
    id, label: tokenizer.tokenToDisplay(id), logit: logits[id], model: d.model[id], tempered: d.tempered[id],
    probability: d.filtered[id], cut: cutReasons[d.cut[id]],
  }));
  return {
    top,
    summary: {
      vocabSize: logits.length, kept, keptMass,
      entropy: { model: entropy(d.model), tempered: entropy(d.tempered), filtered: entropy(d.filtered) },
    },
    full: full ? { logits: Float32Array.from(logits), filtered: Float32Array.from(d.filtered), cut: d.cut.slice() } : undefined,
  };
}
