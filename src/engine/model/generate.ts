// Next-token distributions and sampling: temperature, top-k, top-p (nucleus), a seed, and a KV cache so each
// new token costs one position's work. Sampling happens on the host from the last row's probabilities.
import { KVCache } from '../nn/attention';
import { noGrad, tidy, withBackend } from '../runtime';
import { tensor } from '../tensor';
import { Rng } from '../util/rng';
import type { GPT } from './gpt';

export interface SamplingOptions {
  /** Divides the logits: < 1 sharpens, > 1 flattens; 0 means greedy (always the most likely token). */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or undefined: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probabilities sum to at least p (1: all). */
  topP?: number;
  seed?: number;
}

/** Softmax of logits / temperature, then top-k and top-p filtering, renormalised. Greedy: one-hot on the max. */
export function filterDistribution(logits: ArrayLike<number>, { temperature = 1, topK = 0, topP = 1 }: SamplingOptions = {}): Float64Array {
  const V = logits.length;
  const probs = new Float64Array(V);
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (logits[i] > logits[best]) best = i;
    probs[best] = 1;
    return probs;
  }
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < V; i++) sum += probs[i] = Math.exp((logits[i] - max) / temperature);
  for (let i = 0; i < V; i++) probs[i] /= sum;
  if ((topK > 0 && topK < V) || topP < 1) {
    const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => probs[b] - probs[a]);
    const keep = new Uint8Array(V);
    let cumulative = 0;
    for (let r = 0; r < V; r++) {
      if (topK > 0 && r >= topK) break;
      if (r > 0 && cumulative >= topP) break;
      keep[order[r]] = 1;
      cumulative += probs[order[r]];
    }
    let kept = 0;
    for (let i = 0; i < V; i++) if (keep[i]) kept += probs[i]; else probs[i] = 0;
    for (let i = 0; i < V; i++) probs[i] /= kept;
  }
  return probs;
}

/** Draws an index from a distribution that sums to 1. */
export function sampleIndex(probs: ArrayLike<number>, rng: Rng): number {
  const u = rng.next();
  let cumulative = 0;
  for (let i = 0; i < probs.length; i++) {
    cumulative += probs[i];
    if (u < cumulative) return i;
  }
  for (let i = probs.length - 1; i >= 0; i--) if (probs[i] > 0) return i;
  return 0;
}

/** The model's logits for the token after `ids` (the last blockSize of them). */
export async function nextTokenLogits(model: GPT, ids: readonly number[]): Promise<Float32Array | Float64Array> {
  if (ids.length === 0) throw new Error('the prompt has no tokens: type at least one character');
  const context = ids.slice(-model.config.blockSize);
  const logits = withBackend(model.backend, () => tidy(() => noGrad(() =>
    model.forward(tensor(context, [1, context.length]), { lastOnly: true }).logits)));
  const values = await logits.data();
  logits.dispose();
  return values;
}

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  /** Use a KV cache (default true). Off recomputes the whole context per token: same tokens, more work. */
  useCache?: boolean;
  /**
   * Called with each new token id and its filtered distribution; return false to stop. It may return a promise:
   * a worker awaits a macrotask there so that a cancel message can arrive between tokens.
   */
  onToken?(id: number, probs: Float64Array): boolean | void | Promise<boolean | void>;
  signal?: AbortSignal;
}

/** Continues `prompt` (ids) by up to maxNewTokens tokens; returns only the new ids. */
export async function generate(model: GPT, prompt: readonly number[], o: GenerateOptions): Promise<number[]> {
  if (prompt.length === 0) throw new Error('the prompt has no tokens: type at least one character');
  const rng = new Rng(o.seed ?? 1337);
  const T = model.config.blockSize;
  const ids = [...prompt];
  const out: number[] = [];
  const cache = o.useCache === false ? null : new KVCache(model.config.nLayer);
  try {
    let pending = ids.slice(-T); // tokens not yet in the cache
    for (let n = 0; n < o.maxNewTokens && !o.signal?.aborted; n++) {
      if (cache && cache.length + pending.length > T) {
        // The context window is full: start the cache again from the last T−1 tokens.
        cache.dispose();
        pending = ids.slice(-(T - 1));
      }
      const input = cache ? pending : ids.slice(-T);
      const logits = withBackend(model.backend, () => tidy(() => noGrad(() =>
        model.forward(tensor(input, [1, input.length]), { lastOnly: true, cache: cache ?? undefined }).logits)));
      const values = await logits.data();
      logits.dispose();
      const probs = filterDistribution(values, o);
      const next = sampleIndex(probs, rng);
      ids.push(next);
      out.push(next);
      pending = [next];
      if ((await o.onToken?.(next, probs)) === false) break;
    }
  } finally {
    cache?.dispose();
  }
  return out;
}
