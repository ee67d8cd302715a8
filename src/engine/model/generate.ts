// Generation: the model's logits for the next token, then a seeded draw (sampling.ts), token after token, with a
// KV cache so each new token costs one position's work. A prompt is token ids, so a page can branch a generation
// without re-tokenizing, and `forced` ids replace the first draws ("what if the model had written this?").
import { forwardFlops, type FlopBreakdown } from '../flops';
import { KVCache } from '../nn/attention';
import { noGrad, tidy, withBackend } from '../runtime';
import { tensor } from '../tensor';
import type { GPT } from './gpt';
import { checkTokenIds, distribution, drawToken, validateSampling, type SamplingOptions, type TokenDistribution } from './sampling';

export { filterDistribution, sampleIndex, type SamplingOptions } from './sampling';

function checkPrompt(model: GPT, ids: readonly number[]): void {
  if (ids.length === 0) throw new Error('the prompt has no tokens: type at least one character');
  checkTokenIds(ids, model.config.vocabSize, 'prompt token id');
}

/** The model's logits for the token after `ids` (the last blockSize of them). */
export async function nextTokenLogits(model: GPT, ids: readonly number[]): Promise<Float32Array | Float64Array> {
  checkPrompt(model, ids);
  const context = ids.slice(-model.config.blockSize);
  const logits = withBackend(model.backend, () => tidy(() => noGrad(() =>
    model.forward(tensor(context, [1, context.length]), { lastOnly: true }).logits)));
  const values = await logits.data();
  logits.dispose();
  return values;
}

/** One step of a generation, as onToken receives it. */
export interface GeneratedToken {
  id: number;
  /** Tokens before it, the prompt included: its place in the text, and what seeds its draw (drawSeed). */
  position: number;
  /** True when it came from `forced` instead of a draw. */
  forced: boolean;
  /** The model's raw scores for this position (V). */
  logits: Float32Array | Float64Array;
  /** The stages from logits to the distribution it was drawn from (for a forced token: would have been). */
  distribution: TokenDistribution;
  /** The arithmetic of the forward pass that produced these logits. */
  flops: FlopBreakdown;
}

export interface GenerateOptions extends SamplingOptions {
  /** Steps to take, forced ones included. */
  maxNewTokens: number;
  /** Seeds every draw together with its position (see drawSeed); default 1337. */
  seed?: number;
  /** Ids taken for the first steps instead of drawing; at most maxNewTokens of them. */
  forced?: readonly number[];
  /** Use a KV cache (default true). Off recomputes the whole context per token: same tokens, more work. */
  useCache?: boolean;
  /**
   * Called with each new token; return false to stop. It may return a promise: a worker awaits a macrotask there
   * so that a cancel message can arrive between tokens.
   */
  onToken?(step: GeneratedToken): boolean | void | Promise<boolean | void>;
  signal?: AbortSignal;
}

/** Continues `prompt` (ids) by up to maxNewTokens tokens; returns only the new ids, forced ones included. */
export async function generate(model: GPT, prompt: readonly number[], o: GenerateOptions): Promise<number[]> {
  checkPrompt(model, prompt);
  validateSampling(o);
  const forced = o.forced ?? [];
  checkTokenIds(forced, model.config.vocabSize, 'forced token id');
  if (forced.length > o.maxNewTokens) {
    throw new RangeError(`${forced.length} forced tokens do not fit in maxNewTokens = ${o.maxNewTokens}`);
  }
  const seed = o.seed ?? 1337;
  const T = model.config.blockSize;
  const ids = [...prompt];
  const out: number[] = [];
  const cache = o.useCache === false ? null : new KVCache(model.config.nLayer, T);
  try {
    let pending = ids.slice(-T); // tokens not yet in the cache
    for (let n = 0; n < o.maxNewTokens && !o.signal?.aborted; n++) {
      if (cache && cache.length + pending.length > T) {
        // The window is full and slides: every position moves, so its keys and values are computed again.
        // (Keeping fewer would change the logits; this way cache and recompute always agree.)
        cache.dispose();
        pending = ids.slice(-T);
      }
      const input = cache ? pending : ids.slice(-T);
      const flops = forwardFlops(model.config, { cached: cache?.length ?? 0, fresh: input.length });
      const logitsTensor = withBackend(model.backend, () => tidy(() => noGrad(() =>
        model.forward(tensor(input, [1, input.length]), { lastOnly: true, cache: cache ?? undefined }).logits)));
      const logits = await logitsTensor.data();
      logitsTensor.dispose();
      const dist = distribution(logits, o);
      const isForced = n < forced.length;
      const position = ids.length;
      const next = isForced ? forced[n] : drawToken(dist.filtered, seed, position);
      ids.push(next);
      out.push(next);
      pending = [next];
      const step = { id: next, position, forced: isForced, logits, distribution: dist, flops };
      if ((await o.onToken?.(step)) === false) break;
    }
  } finally {
    cache?.dispose();
  }
  return out;
}
