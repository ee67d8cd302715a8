// Prompt + response sequences of different lengths as one (B, T) batch, and the log-probabilities a model gives the
// response tokens — what both the reward model and PPO read. Rows are padded on the right: causal attention never
// lets a real position see the padding after it. The logits at position t predict the token at t + 1, so response
// token i of a row is scored at position promptLength + i − 1.
import type { GPT } from '../model/gpt';
import { exp, logSoftmax, mul, mulScalar, neg, sum } from '../ops';
import { tensor, type Tensor } from '../tensor';

/** One sampled continuation: token ids of the prompt and of what the policy wrote after it. */
export interface Episode {
  prompt: number[];
  response: number[];
}

export interface SequenceBatch {
  B: number;
  T: number;
  /** Token ids, (B, T) row-major, padded with 0. */
  ids: Float32Array;
  /** 1 at the positions whose logits predict a response token, else 0; (B, T). */
  mask: Float32Array;
  /** The response token predicted at each masked position, −1 elsewhere; (B, T). */
  targets: Int32Array;
  /** Masked positions in all. */
  count: number;
  /** Position of each row's last real token (where a reward model reads the whole sequence). */
  last: number[];
}

/** Packs episodes into one batch; every prompt + response must fit the model's block size. */
export function packSequences(episodes: readonly Episode[], blockSize: number): SequenceBatch {
  const B = episodes.length;
  if (B === 0) throw new Error('no episodes to pack');
  const lengths = episodes.map((e) => e.prompt.length + e.response.length);
  const T = Math.max(...lengths);
  if (T > blockSize) throw new Error(`a prompt and its response are ${T} tokens, more than the model's block size ${blockSize}`);
  if (episodes.some((e) => e.prompt.length === 0)) throw new Error('every episode needs at least one prompt token');
  const ids = new Float32Array(B * T), mask = new Float32Array(B * T), targets = new Int32Array(B * T).fill(-1);
  let count = 0;
  episodes.forEach(({ prompt, response }, b) => {
    [...prompt, ...response].forEach((id, t) => { ids[b * T + t] = id; });
    response.forEach((id, i) => {
      const at = b * T + prompt.length + i - 1;
      mask[at] = 1;
      targets[at] = id;
      count++;
    });
  });
  return { B, T, ids, mask, targets, count, last: lengths.map((n) => n - 1) };
}

/**
 * log π(response token) at every masked position, (B, T) with 0 elsewhere, and the final hidden states (B, T, C),
 * with gradients when the model's parameters need them; also the whole log-softmax (B, T, V) it picked them from.
 */
export function responseLogProbs(model: GPT, batch: SequenceBatch): { logp: Tensor; hidden: Tensor; logProbs: Tensor } {
  const { B, T } = batch;
  const V = model.config.vocabSize;
  const { logits, hidden } = model.forward(tensor(batch.ids, [B, T]));
  const picked = new Float32Array(B * T * V);
  batch.targets.forEach((id, at) => { if (id >= 0) picked[at * V + id] = 1; });
  const logProbs = logSoftmax(logits); // (B, T, V)
  const logp = sum(mul(logProbs, tensor(picked, [B, T, V])), -1); // (B, T)
  return { logp, hidden, logProbs };
}

/** Σ values · mask / count: the mean over response positions. */
export function maskedMean(values: Tensor, batch: SequenceBatch): Tensor {
  const { B, T } = batch;
  return mulScalar(sum(mul(values, tensor(batch.mask, [B, T]))), 1 / Math.max(1, batch.count));
}

/** The entropy −Σ p·log p of each position's next-token distribution, from its log-softmax (B, T, V) → (B, T). */
export function entropyOf(logProbs: Tensor): Tensor {
  return neg(sum(mul(exp(logProbs), logProbs), -1));
}
