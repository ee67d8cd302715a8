// Why high-dimensional space is strange, computed: n random vectors (standard normal entries, seeded) in d
// dimensions; as d grows their cosine similarities bunch up around 0 (spread ≈ 1/√d) and their distances bunch up
// around one value (nearest and farthest become almost alike).

export interface Concentration {
  dims: number;
  /** Cosine similarity of every pair. */
  cosines: Float64Array;
  /** Distance of every pair, divided by the mean distance (so every dimension count reads on one scale). */
  relativeDistances: Float64Array;
  cosineSpread: number;
  /** (farthest − nearest) / nearest over all pairwise distances. */
  distanceContrast: number;
  nearest: number;
  farthest: number;
}

/** A seeded standard normal stream (Box–Muller over a small LCG): the same seed, the same vectors. */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function concentration(dims: number, count = 100, seed = 1): Concentration {
  const next = normals(seed);
  const vectors = Array.from({ length: count }, () => Float64Array.from({ length: dims }, next));
  const norms = vectors.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
  const pairs = (count * (count - 1)) / 2;
  const cosines = new Float64Array(pairs);
  const distances = new Float64Array(pairs);
  let nearest = Infinity, farthest = 0, k = 0;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += vectors[i][d] * vectors[j][d];
      cosines[k++] = dot / (norms[i] * norms[j] || 1);
      const distance = Math.sqrt(Math.max(0, norms[i] ** 2 + norms[j] ** 2 - 2 * dot));
      distances[k - 1] = distance;
      nearest = Math.min(nearest, distance);
      farthest = Math.max(farthest, distance);
    }
  }
  const mean = cosines.reduce((s, c) => s + c, 0) / pairs;
  const cosineSpread = Math.sqrt(cosines.reduce((s, c) => s + (c - mean) ** 2, 0) / pairs);
  const meanDistance = distances.reduce((s, d) => s + d, 0) / pairs;
  const relativeDistances = distances.map((d) => d / meanDistance);
  return { dims, cosines, relativeDistances, cosineSpread, distanceContrast: (farthest - nearest) / nearest, nearest, farthest };
}

/** Counts of values in `bins` equal bins over [lo, hi] (values outside go to the end bins). */
export function histogram(values: ArrayLike<number>, bins = 20, [lo, hi]: readonly [number, number] = [-1, 1]): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor(((values[i] - lo) / (hi - lo)) * bins)))]++;
  return counts;
}
