// From logits to a drawn token, in the stages a reader can watch: the model's softmax, the same after temperature,
// then the cuts of top-k, top-p (nucleus, Holtzman et al. 2019) and min-p, renormalised; and one seeded draw per
// position, so a token drawn step by step (inspect, append, inspect) is the token one generate call draws.
import { Rng } from '../util/rng';

export interface SamplingOptions {
  /** Divides the logits: < 1 sharpens, > 1 flattens; 0 means greedy (always the most likely token). */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or undefined: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probabilities sum to at least p (1: all). */
  topP?: number;
  /** Keep only tokens at least minP times as likely as the most likely one (0: all). */
  minP?: number;
}

/** Why a token cannot be drawn; `kept` tokens can. The first stage that removed it is the one named. */
export const Cut = { kept: 0, greedy: 1, topK: 2, topP: 3, minP: 4 } as const;
export type CutReason = keyof typeof Cut;
export const cutReasons = Object.keys(Cut) as CutReason[];

export interface TokenDistribution {
  /** softmax(logits): the model's own distribution, before any sampling setting. */
  model: Float64Array;
  /** softmax(logits / temperature); with temperature 0, all the mass on the most likely token (greedy). */
  tempered: Float64Array;
  /** `tempered` with the cut tokens at 0, renormalised: the distribution a token is drawn from. */
  filtered: Float64Array;
  /** Per token, a Cut code: 0 kept, else the stage that removed it. */
  cut: Uint8Array;
}

/** Throws a RangeError naming the setting and its range (a reader may type any of them). */
export function validateSampling({ temperature = 1, topK = 0, topP = 1, minP = 0 }: SamplingOptions): void {
  if (!(Number.isFinite(temperature) && temperature >= 0)) {
    throw new RangeError(`temperature must be a number ≥ 0 (0 means greedy), got ${temperature}`);
  }
  if (!(Number.isInteger(topK) && topK >= 0)) throw new RangeError(`topK must be a whole number ≥ 0 (0 keeps every token), got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`topP must be in (0, 1] (1 keeps every token), got ${topP}`);
  if (!(minP >= 0 && minP <= 1)) throw new RangeError(`minP must be in [0, 1] (0 keeps every token), got ${minP}`);
}

function softmax(logits: ArrayLike<number>, temperature: number): Float64Array {
  const V = logits.length;
  const out = new Float64Array(V);
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < V; i++) sum += out[i] = Math.exp((logits[i] - max) / temperature);
  for (let i = 0; i < V; i++) out[i] /= sum;
  return out;
}

/** The most likely token; the lowest id among equals. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Every stage from logits to the distribution a token is drawn from. Top-k keeps the k most likely; top-p then
 * keeps, of those, the fewest most likely whose renormalised mass reaches p; min-p drops tokens less likely than
 * minP × the most likely. Ties keep the lower id first.
 * @example distribution([2, 1, 0], { temperature: 0.5, topK: 2 }).filtered // ≈ [0.88, 0.12, 0]
 */
export function distribution(logits: ArrayLike<number>, options: SamplingOptions = {}): TokenDistribution {
  validateSampling(options);
  const { temperature = 1, topK = 0, topP = 1, minP = 0 } = options;
  const V = logits.length;
  const model = softmax(logits, 1);
  const cut = new Uint8Array(V);
  if (temperature === 0) {
    const best = argmax(logits);
    const tempered = new Float64Array(V);
    tempered[best] = 1;
    cut.fill(Cut.greedy);
    cut[best] = Cut.kept;
    return { model, tempered, filtered: tempered.slice(), cut };
  }
  const tempered = temperature === 1 ? model.slice() : softmax(logits, temperature);
  if ((topK > 0 && topK < V) || topP < 1) {
    // Ranks come from the values alone, sorted natively (a comparator sort of 200,000 ids is several times slower).
    const descending = Float64Array.from(tempered).sort().reverse();
    const kept = topK > 0 ? Math.min(topK, V) : V;
    if (kept < V) cutBelowRank(tempered, descending, kept, cut, Cut.topK);
    let keptMass = 0;
    for (let r = 0; r < kept; r++) keptMass += descending[r];
    let nucleus = 0, cumulative = 0;
    while (nucleus < kept && (nucleus === 0 || cumulative < topP * keptMass)) cumulative += descending[nucleus++];
    if (nucleus < kept) cutBelowRank(tempered, descending, nucleus, cut, Cut.topP);
  }
  if (minP > 0) {
    const floor = minP * tempered[argmax(tempered)];
    for (let i = 0; i < V; i++) if (cut[i] === Cut.kept && tempered[i] < floor) cut[i] = Cut.minP;
  }
  const filtered = new Float64Array(V);
  let mass = 0;
  for (let i = 0; i < V; i++) if (cut[i] === Cut.kept) mass += filtered[i] = tempered[i];
  for (let i = 0; i < V; i++) filtered[i] /= mass;
  return { model, tempered, filtered, cut };
}

/**
 * Marks with `reason` every token still kept that ranks below `count` (by probability, then lower id first):
 * those below the count-th largest value, and of the tokens equal to it, those past the count.
 */
function cutBelowRank(probs: Float64Array, descending: Float64Array, count: number, cut: Uint8Array, reason: number): void {
  const threshold = descending[count - 1];
  let equalsLeft = count - descending.indexOf(threshold); // ties at the threshold that still fit, lowest ids first
  for (let i = 0; i < probs.length; i++) {
    if (cut[i] !== Cut.kept) continue;
    if (probs[i] < threshold || (probs[i] === threshold && equalsLeft-- <= 0)) cut[i] = reason;
  }
}

/** The distribution a token is drawn from (see distribution). */
export function filterDistribution(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  return distribution(logits, options).filtered;
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

/**
 * The seed of the draw for the token at `position` (how many tokens come before it, the whole prompt counted):
 * one stream for a reader's seed, so the same seed and context draw the same token in inspect and in generate.
 */
export function drawSeed(seed: number, position: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(position + 1, 0x85ebca6b)) >>> 0;
}

/** The token drawn from `probs` for position `position` with the reader's seed. */
export function drawToken(probs: ArrayLike<number>, seed: number, position: number): number {
  return sampleIndex(probs, new Rng(drawSeed(seed, position)));
}

/** Shannon entropy in nats. */
export function entropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) h -= probs[i] * Math.log(probs[i]);
  return h;
}

/** Checks that every id is a token of a vocabulary of V (ids from a page are not trusted). */
export function checkTokenIds(ids: readonly number[], V: number, what = 'token id'): void {
  for (const id of ids) {
    if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new RangeError(`${what} ${id} is not a token: ids run from 0 to ${V - 1}`);
  }
}
