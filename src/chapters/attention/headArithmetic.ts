// One head's arithmetic for one query token, redone from the traced q, k, v so that every number on the page is
// a number the reader can check: the dot products q·k, their division by √hs, the causal mask, the softmax (with
// an optional extra factor on the scores, to show it sharpen or flatten) and the weighted sum of the values.
// At factor 1 every result must equal what the engine traced (Attention.test.tsx checks it).

export interface HeadVectors {
  /** Row-major (T, hs). */
  q: ArrayLike<number>;
  k: ArrayLike<number>;
  v: ArrayLike<number>;
  hs: number;
}

export interface KeyRow {
  /** Key position j (0-based); only j ≤ query are visible, the rest are masked. */
  j: number;
  /** q_i · k_j before scaling. */
  dot: number;
  /** dot / √hs: the score the engine uses. */
  score: number;
  /** softmax weight at the chosen factor (0 for masked keys). */
  weight: number;
  masked: boolean;
}

export interface QueryArithmetic {
  rows: KeyRow[];
  /** Σ_j weight_j v_j: the head's output for the query, length hs. */
  out: number[];
  /** Standard deviation of the visible dot products before and after the division by √hs. */
  spreadBefore: number;
  spreadAfter: number;
  /** The key with the largest weight. */
  argmax: number;
}

const row = (m: ArrayLike<number>, i: number, width: number) => Array.from({ length: width }, (_, c) => m[i * width + c]);
const dotOf = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, c) => s + x * b[c], 0);

/** Softmax of `scores` times `factor`, over the finite entries (masked ones, −∞, get 0). */
export function softmaxScaled(scores: readonly number[], factor: number): number[] {
  const scaled = scores.map((s) => (Number.isFinite(s) ? s * factor : -Infinity));
  const max = Math.max(...scaled.filter(Number.isFinite));
  const exps = scaled.map((s) => (Number.isFinite(s) ? Math.exp(s - max) : 0));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

function spread(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
}

/** Query `i`'s attention in one head, from its q, k, v; `factor` multiplies the scores before the softmax. */
export function queryArithmetic({ q, k, v, hs }: HeadVectors, T: number, i: number, factor = 1): QueryArithmetic {
  const qi = row(q, i, hs);
  const dots = Array.from({ length: T }, (_, j) => dotOf(qi, row(k, j, hs)));
  const scores = dots.map((d, j) => (j <= i ? d / Math.sqrt(hs) : -Infinity));
  const weights = softmaxScaled(scores, factor);
  const out = new Array<number>(hs).fill(0);
  weights.forEach((w, j) => {
    if (w > 0) row(v, j, hs).forEach((x, c) => (out[c] += w * x));
  });
  const visible = dots.slice(0, i + 1);
  let argmax = 0;
  weights.forEach((w, j) => w > weights[argmax] && (argmax = j));
  return {
    rows: dots.map((dot, j) => ({ j, dot, score: scores[j], weight: weights[j], masked: j > i })),
    out,
    spreadBefore: spread(visible),
    spreadAfter: spread(visible) / Math.sqrt(hs),
    argmax,
  };
}

/** Largest weight and entropy (nats) of a weight row: how peaked it is. */
export function peakedness(weights: readonly number[]): { max: number; entropy: number } {
  return {
    max: Math.max(...weights),
    entropy: -weights.reduce((h, w) => (w > 0 ? h + w * Math.log(w) : h), 0),
  };
}
