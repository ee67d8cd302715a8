// nanoGPT's learning-rate schedule: linear warm-up, cosine decay to a floor, then flat.

export interface CosineSchedule {
  maxLr: number;
  minLr: number;
  warmupIters: number;
  decayIters: number;
}

/** Learning rate at iteration `it` (0-based). */
export function cosineLr(it: number, s: CosineSchedule): number {
  if (it < s.warmupIters) return (s.maxLr * (it + 1)) / (s.warmupIters + 1);
  if (it > s.decayIters) return s.minLr;
  const ratio = (it - s.warmupIters) / Math.max(1, s.decayIters - s.warmupIters);
  const coeff = 0.5 * (1 + Math.cos(Math.PI * ratio));
  return s.minLr + coeff * (s.maxLr - s.minLr);
}
