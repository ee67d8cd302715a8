// Distinct-n (Li et al. 2016): the share of a set of texts' n-grams that are different from each other. Near 1, the
// texts rarely repeat themselves; near 0, they say the same few things over and over — what a policy that hacks
// its reward tends to do.

/**
 * Distinct n-grams over all n-grams of all sequences (token ids or characters); 0 when no sequence has n items.
 * @example distinctN([[1, 2, 1, 2]], 2) // 2 distinct of 3 bigrams: 0.667
 */
export function distinctN(sequences: readonly (readonly (number | string)[])[], n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a whole number ≥ 1, not ${n}`);
  const seen = new Set<string>();
  let total = 0;
  for (const seq of sequences) {
    for (let i = 0; i + n <= seq.length; i++) {
      seen.add(seq.slice(i, i + n).join('\u0000'));
      total++;
    }
  }
  return total === 0 ? 0 : seen.size / total;
}
