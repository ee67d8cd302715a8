// Pure helpers for the temperature step: the model's probabilities at any temperature, computed on the page from
// the logits the engine sent (the same softmax(logits / T) the engine's sampler uses), and the loop greedy decoding
// falls into.

/** softmax(logits / T); T = 0 is greedy (all the mass on the highest logit, ties to the lower id). */
export function probabilitiesAt(logits: ArrayLike<number>, temperature: number): Float64Array {
  const out = new Float64Array(logits.length);
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  if (temperature <= 0) {
    out[best] = 1;
    return out;
  }
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp((logits[i] - logits[best]) / temperature);
  for (let i = 0; i < logits.length; i++) out[i] /= sum;
  return out;
}

export interface Loop {
  /** Index where the repetition begins. */
  start: number;
  /** Length of the repeated unit. */
  period: number;
  /** How many times the unit appears (the last one may be cut short). */
  repeats: number;
}

/**
 * The repetition a sequence ends in: the period (up to maxPeriod) whose repeating tail starts earliest and covers at
 * least two whole units. Null when the sequence does not end in a loop.
 */
export function findLoop<T>(seq: readonly T[], maxPeriod = 40): Loop | null {
  let found: Loop | null = null;
  for (let period = 1; period <= Math.min(maxPeriod, Math.floor(seq.length / 2)); period++) {
    let start = seq.length - period;
    while (start > 0 && seq[start - 1] === seq[start - 1 + period]) start--;
    const length = seq.length - start;
    if (length >= 2 * period && (!found || start < found.start)) found = { start, period, repeats: length / period };
  }
  return found;
}
