// Principal component analysis: the few directions along which a cloud of points spreads most, used to draw
// 32- to 512-dimensional embeddings on a 2-D or 3-D map. The textbook route: centre the points, form the
// covariance matrix, then find its top eigenvectors one at a time by power iteration, deflating after each.
// Plain Float64 arithmetic; seeded start vectors and a fixed sign make the same picture on every run. A large table
// (GPT-2's 50,257 tokens) is fitted on a seeded sample of its rows and then projected whole, in steps a worker
// can pause between (`pcaAsync`).
import { Rng } from '../util/rng';

export interface PcaOptions {
  /** Seeds the start vectors of the power iteration and the sample of rows (default 1). */
  seed?: number;
  /** Most multiplications by the covariance per component (default 1000). */
  maxIterations?: number;
  /** Stop when 1 − |cos(angle)| between successive iterates falls below this (default 1e-12). */
  tolerance?: number;
  /**
   * Components of an earlier fit, (k, dim): each new component takes the sign that agrees with its predecessor,
   * so an animated map of embeddings that are still training does not mirror itself from frame to frame.
   */
  alignWith?: Float64Array;
  /**
   * Fit the mean and components on at most this many rows, drawn at random (seeded) without replacement; every row
   * is still projected. The covariance costs n·dim²/2 multiply-adds, about 15 billion for GPT-2's 50,257 × 768
   * table, while a few thousand rows already pin down the few directions of largest spread (their error shrinks
   * like 1/√rows). Default: all rows.
   */
  sampleRows?: number;
}

export interface PcaResult {
  /** Number of points n, their dimension and the number of components k. */
  n: number;
  dim: number;
  k: number;
  /** How many of the n rows the mean and components were fitted on (n unless `sampleRows` was smaller). */
  fittedRows: number;
  /** The mean that was subtracted, (dim). */
  mean: Float64Array;
  /** Unit principal directions, row-major (k, dim), the largest variance first. */
  components: Float64Array;
  /** Each point's coordinates along the components, row-major (n, k). */
  projected: Float64Array;
  /** The variance of the (fitted) points along each component (the covariance's eigenvalues), (k). */
  variance: Float64Array;
  /** Each component's share of the total variance, (k); the shares sum to 1 when k = dim. */
  explainedVariance: Float64Array;
}

/** Where a stepwise fit is: `done` of `total` units of its current stage. */
export interface PcaProgress {
  stage: 'covariance' | 'components' | 'projection';
  done: number;
  total: number;
}

// Units of work between two progress points: each is well under 0.1 s of plain JS, so a caller that yields there
// keeps its thread answering messages.
const COVARIANCE_ROWS_PER_STEP = 256;
const ITERATIONS_PER_STEP = 64;
const PROJECTED_ROWS_PER_STEP = 4096;

/**
 * The top k principal components of n points of dimension dim, given as one row-major (n, dim) array or as rows.
 *
 * Each component's sign is fixed so that its largest-magnitude coordinate is positive (or, with `alignWith`, so
 * that it agrees with the earlier fit's component).
 *
 * @example
 * const { projected } = pca(model.vectors(), model.dim, 2); // (vocab, 2): x, y of each token on the map
 */
export function pca(points: Float32Array | Float64Array | number[][], dim: number, k = 2, options: PcaOptions = {}): PcaResult {
  const steps = pcaSteps(points, dim, k, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `pca` that awaits `between` at each progress point, so a worker can answer pings and cancels (and report how
 * far it is) during the seconds a large table takes. Same result as `pca` with the same arguments.
 *
 * @example await pcaAsync(wte, 768, 2, { sampleRows: 8192 }, async (p) => { report(p); await nextMacrotask(); })
 */
export async function pcaAsync(
  points: Float32Array | Float64Array | number[][], dim: number, k: number, options: PcaOptions,
  between: (progress: PcaProgress) => Promise<void>,
): Promise<PcaResult> {
  const steps = pcaSteps(points, dim, k, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await between(step.value);
  }
}

/** The fit as a generator: it yields its progress between bounded units of work and returns the result. */
function* pcaSteps(
  points: Float32Array | Float64Array | number[][], dim: number, k: number, options: PcaOptions,
): Generator<PcaProgress, PcaResult> {
  const { seed = 1, maxIterations = 1000, tolerance = 1e-12, alignWith, sampleRows } = options;
  const data = toRowMajor(points, dim);
  const n = data.length / dim;
  if (n < 1) throw new Error('pca needs at least one point');
  if (!Number.isInteger(k) || k < 1 || k > dim) throw new Error(`pca: k must be an integer in [1, ${dim}], got ${k}`);
  if (alignWith && alignWith.length !== k * dim) {
    throw new Error(`pca: alignWith holds ${alignWith.length} numbers, expected k × dim = ${k * dim}`);
  }
  if (sampleRows !== undefined && !(Number.isInteger(sampleRows) && sampleRows >= 1)) {
    throw new Error(`pca: sampleRows must be a positive integer, got ${sampleRows}`);
  }

  const rng = new Rng(seed);
  const rows = sampleRows !== undefined && sampleRows < n ? sampleOf(n, sampleRows, rng) : null;
  const m = rows ? rows.length : n;
  const rowAt = rows ? (i: number) => rows[i] * dim : (i: number) => i * dim;

  const mean = new Float64Array(dim);
  for (let i = 0; i < m; i++) {
    const at = rowAt(i);
    for (let a = 0; a < dim; a++) mean[a] += data[at + a];
  }
  for (let a = 0; a < dim; a++) mean[a] /= m;

  // The population covariance (1/m) Σ (x − mean)(x − mean)ᵀ, (dim, dim); only the upper triangle is summed.
  const cov = new Float64Array(dim * dim);
  const block = new Float64Array(dim * COVARIANCE_ROWS_PER_STEP);
  for (let from = 0; from < m; from += COVARIANCE_ROWS_PER_STEP) {
    const to = Math.min(m, from + COVARIANCE_ROWS_PER_STEP);
    addBlock(cov, data, rowAt, from, to, mean, block, dim);
    yield { stage: 'covariance', done: to, total: m };
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) cov[b * dim + a] = cov[a * dim + b] /= m;
  }
  let totalVariance = 0; // the trace: the sum of all dim eigenvalues, whatever k is
  for (let a = 0; a < dim; a++) totalVariance += cov[a * dim + a];

  const components = new Float64Array(k * dim);
  const variance = new Float64Array(k);
  const w = new Float64Array(dim);
  for (let j = 0; j < k; j++) {
    // Start from a seeded random direction: almost surely not orthogonal to the eigenvector we are after.
    const v = components.subarray(j * dim, (j + 1) * dim);
    for (let a = 0; a < dim; a++) v[a] = rng.normal();
    orthogonalise(v, components, j, dim);
    normalise(v);

    // Power iteration: multiplying by the covariance stretches v most along the top remaining eigenvector, so
    // after enough multiplications (and renormalisations) v points along it. Each step shrinks the angle to it
    // by the factor λ₂/λ₁, the ratio of the two largest eigenvalues left.
    for (let it = 0; it < maxIterations; it++) {
      if (it > 0 && it % ITERATIONS_PER_STEP === 0) yield { stage: 'components', done: j, total: k };
      multiply(cov, v, w, dim);
      // Deflation already removed the earlier components; projecting them out again (twice, as one pass can
      // leave a rounding error of the size of what it removed) stops them creeping back in.
      orthogonalise(w, components, j, dim);
      orthogonalise(w, components, j, dim);
      // |Cv| ≤ λ_max ≤ trace. Below 1e-12 of the trace the rest is rounding noise, not spread: any unit vector
      // orthogonal to the components found so far (v already is one) serves, with variance 0.
      const norm = length(w);
      if (!(norm > 1e-12 * totalVariance)) break;
      let cos = 0;
      for (let a = 0; a < dim; a++) cos += (w[a] /= norm) * v[a];
      v.set(w);
      if (1 - Math.abs(cos) < tolerance) break;
    }

    // The eigenvalue is the Rayleigh quotient vᵀCv: the variance of the points along v.
    multiply(cov, v, w, dim);
    let lambda = 0;
    for (let a = 0; a < dim; a++) lambda += v[a] * w[a];
    variance[j] = Math.max(0, lambda);

    // Deflation: C ← C − λ v vᵀ takes this direction's variance out, so the next largest eigenvector comes first.
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b] -= lambda * v[a] * v[b];

    fixSign(v, alignWith?.subarray(j * dim, (j + 1) * dim));
    yield { stage: 'components', done: j + 1, total: k };
  }

  const explainedVariance = new Float64Array(k);
  if (totalVariance > 0) for (let j = 0; j < k; j++) explainedVariance[j] = variance[j] / totalVariance;
  const fit = { dim, k, mean, components };
  const projected = new Float64Array(n * k);
  for (let from = 0; from < n; from += PROJECTED_ROWS_PER_STEP) {
    const to = Math.min(n, from + PROJECTED_ROWS_PER_STEP);
    projectInto(fit, data, from, to, projected);
    yield { stage: 'projection', done: to, total: n };
  }
  return { n, dim, k, fittedRows: m, mean, components, projected, variance, explainedVariance };
}

/** `count` distinct row indices of n, drawn uniformly (a partial Fisher–Yates shuffle), in ascending order. */
function sampleOf(n: number, count: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  // Ascending, so the rows are read in memory order.
  return order.slice(0, count).sort();
}

/**
 * Coordinates of points on an existing fit's components, (m, k): places new vectors (say, b − a + c of an
 * analogy) on the same map as the points the fit was computed from.
 *
 * @example projectPoints(fit, [analogyVector]) // Float64Array [x, y]
 */
export function projectPoints(fit: Pick<PcaResult, 'dim' | 'k' | 'mean' | 'components'>, points: Float32Array | Float64Array | number[][]): Float64Array {
  const data = toRowMajor(points, fit.dim);
  const m = data.length / fit.dim;
  const out = new Float64Array(m * fit.k);
  projectInto(fit, data, 0, m, out);
  return out;
}

/** Writes the coordinates of rows [from, to) of `data` on the fit's components into `out`, (rows, k). */
function projectInto(
  fit: Pick<PcaResult, 'dim' | 'k' | 'mean' | 'components'>, data: Float32Array | Float64Array, from: number, to: number, out: Float64Array,
): void {
  const { dim, k, mean, components } = fit;
  for (let i = from; i < to; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let a = 0; a < dim; a++) s += (data[i * dim + a] - mean[a]) * components[j * dim + a];
      out[i * k + j] = s;
    }
  }
}

function toRowMajor(points: Float32Array | Float64Array | number[][], dim: number): Float32Array | Float64Array {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`pca: dim must be a positive integer, got ${dim}`);
  if (!Array.isArray(points)) {
    if (points.length % dim !== 0) throw new Error(`pca: ${points.length} numbers do not make rows of ${dim}`);
    return points;
  }
  const out = new Float64Array(points.length * dim);
  points.forEach((row, i) => {
    if (row.length !== dim) throw new Error(`pca: point ${i} has ${row.length} coordinates, expected ${dim}`);
    out.set(row, i * dim);
  });
  return out;
}

/**
 * Adds Σ (x − mean)(x − mean)ᵀ over rows [from, to) to the upper triangle of cov. The centred rows are first laid
 * out transposed in `block` (dim, rows), so each entry of cov is one contiguous dot product and the dim × dim
 * matrix (4.7 MB for 768) is swept once per block instead of once per row.
 */
function addBlock(
  cov: Float64Array, data: Float32Array | Float64Array, rowAt: (i: number) => number, from: number, to: number,
  mean: Float64Array, block: Float64Array, dim: number,
): void {
  const r = to - from;
  for (let i = 0; i < r; i++) {
    const at = rowAt(from + i);
    for (let a = 0; a < dim; a++) block[a * r + i] = data[at + a] - mean[a];
  }
  for (let a = 0; a < dim; a++) {
    const ra = a * r, row = a * dim;
    for (let b = a; b < dim; b++) {
      const rb = b * r;
      // Four running sums break the chain of dependent additions (about 1.3× faster in V8 than one).
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
      for (; i + 3 < r; i += 4) {
        s0 += block[ra + i] * block[rb + i];
        s1 += block[ra + i + 1] * block[rb + i + 1];
        s2 += block[ra + i + 2] * block[rb + i + 2];
        s3 += block[ra + i + 3] * block[rb + i + 3];
      }
      for (; i < r; i++) s0 += block[ra + i] * block[rb + i];
      cov[row + b] += s0 + s1 + s2 + s3;
    }
  }
}

/** out = M v for a (dim, dim) matrix M. */
function multiply(m: Float64Array, v: Float64Array, out: Float64Array, dim: number): void {
  for (let a = 0; a < dim; a++) {
    let s = 0;
    for (let b = 0; b < dim; b++) s += m[a * dim + b] * v[b];
    out[a] = s;
  }
}

/** Removes from v its parts along the first `count` rows of `basis` (unit and mutually orthogonal): Gram–Schmidt. */
function orthogonalise(v: Float64Array, basis: Float64Array, count: number, dim: number): void {
  for (let j = 0; j < count; j++) {
    let dot = 0;
    for (let a = 0; a < dim; a++) dot += v[a] * basis[j * dim + a];
    for (let a = 0; a < dim; a++) v[a] -= dot * basis[j * dim + a];
  }
}

function length(v: Float64Array): number {
  let s = 0;
  for (let a = 0; a < v.length; a++) s += v[a] * v[a];
  return Math.sqrt(s);
}

function normalise(v: Float64Array): void {
  const norm = length(v);
  // A random vector lies in the span of fewer than dim others with probability zero.
  if (!(norm > 0)) throw new Error('pca: a start vector vanished after orthogonalising');
  for (let a = 0; a < v.length; a++) v[a] /= norm;
}

/** An eigenvector is only defined up to sign; pick one so that maps do not mirror themselves between runs. */
function fixSign(v: Float64Array, previous?: Float64Array): void {
  let score = 0;
  if (previous) for (let a = 0; a < v.length; a++) score += v[a] * previous[a];
  if (score === 0) {
    // The largest-magnitude coordinate (the first, on a tie) is made positive.
    let best = 0;
    for (let a = 1; a < v.length; a++) if (Math.abs(v[a]) > Math.abs(v[best])) best = a;
    score = v[best];
  }
  if (score < 0) for (let a = 0; a < v.length; a++) v[a] = -v[a];
}
