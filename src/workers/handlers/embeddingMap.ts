// The model's own token embeddings (wte) as points: projected by PCA, with the nearest neighbours of a query token
// by cosine similarity in the full space. Also the shared pieces of every embedding map (PCA frame, neighbours).
// GPT-2's table is 50,257 × 768: its PCA is fitted on a seeded sample of MAP_SAMPLE_ROWS rows (every row is still
// projected and drawn, and neighbours are searched in all 768 dimensions), in steps with a pause between them, so
// the worker answers the page's pings instead of looking hung; the map is kept for the next query on the same weights.
import { nearestNeighbours, pca, pcaAsync, type PcaProgress } from '../../engine';
import { encodeOrExplain, nextMacrotask, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

/** Points in the plane (or space) that PCA found for a table of vectors, with their labels. */
export interface EmbeddingMap {
  labels: string[];
  /** Row-major (n, k). */
  points: Float32Array;
  k: number;
  /** Share of the vectors' variance along each axis. */
  explained: number[];
}

export interface LabelledNeighbour {
  label: string;
  similarity: number;
}

export interface QueryNeighbours {
  label: string;
  neighbours: LabelledNeighbour[];
}

/**
 * Rows a token map's PCA is fitted on. 8,192 of GPT-2's 50,257 rows: the covariance then costs 2.4 billion
 * multiply-adds (about 2–3 s of JS here) instead of 15 billion, and the top directions of a sample this size agree
 * with the full table's wherever the spread has a clear direction (pca.test.ts and embeddingMap.test.ts check it).
 */
export const MAP_SAMPLE_ROWS = 8192;

const mapParams = s.object({
  key: checkpointKey(),
  k: s.literal(2, 3),
  maxTokens: s.optional(s.int({ min: 2, max: 1_000_000 })),
  query: s.optional(s.string({ maxLength: 1000 })),
  neighbours: s.optional(s.int({ min: 1, max: 1000 }), 8),
  /** Rows the PCA is fitted on (a seeded sample when the vocabulary is larger); tests set it small. */
  sampleRows: s.optional(s.int({ min: 2, max: 1_000_000 }), MAP_SAMPLE_ROWS),
});

/** The model's own token embeddings (wte), projected by PCA, with the nearest neighbours of `query`'s first token. */
export const embeddingMap = method({
  lane: 'queue',
  retry: true,
  params: mapParams,
  run: (p, { state, progress, signal }: HandlerContext<PcaProgress>) => mapTokenEmbeddings(state, p, progress, signal),
});

/** PCA of the first `rows` rows of a (V, dim) table. */
export function mapOf(table: Float32Array, rows: number, dim: number, k: number, labels: string[], previous?: Float64Array) {
  const fit = pca(table.subarray(0, rows * dim), dim, k, { alignWith: previous });
  const map: EmbeddingMap = { labels, points: Float32Array.from(fit.projected), k, explained: Array.from(fit.explainedVariance) };
  return { map, components: fit.components };
}

export function neighboursOf(table: Float32Array, rows: number, dim: number, id: number, count: number, label: (id: number) => string): LabelledNeighbour[] {
  return nearestNeighbours(table, rows, dim, id, count).map((n) => ({ label: label(n.index), similarity: n.similarity }));
}

/** The last map drawn of each model (weakly held: a model unloaded or rebuilt takes its map with it). */
const lastMaps = new WeakMap<object, { fingerprint: number; what: string; map: EmbeddingMap }>();

async function mapTokenEmbeddings(
  state: EngineState, p: Infer<typeof mapParams>, progress: (event: PcaProgress) => void, signal: AbortSignal,
): Promise<EmbeddingMap & { query: QueryNeighbours | null }> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { vocabSize: V, nEmbd: C } = model.config;
  const rows = Math.min(V, p.maxTokens ?? V);
  const read = await model.wte.weight.data(); // already a copy of the weights: no second one
  const table = read instanceof Float32Array ? read : Float32Array.from(read);
  // Training changes the weights in place, so the same model object may need a new map: its fingerprint says.
  const fingerprint = fingerprintOf(table);
  const what = `${p.k} ${rows} ${p.sampleRows}`;
  const kept = lastMaps.get(model);
  let map: EmbeddingMap;
  if (kept && kept.fingerprint === fingerprint && kept.what === what) map = kept.map;
  else {
    const fit = await pcaAsync(table.subarray(0, rows * C), C, p.k, { sampleRows: p.sampleRows }, async (step) => {
      progress(step);
      await nextMacrotask();
      if (signal.aborted) throw new DOMException('The embedding map was cancelled.', 'AbortError');
    });
    const labels = Array.from({ length: rows }, (_, id) => tokenizer.tokenToDisplay(id));
    map = { labels, points: Float32Array.from(fit.projected), k: p.k, explained: Array.from(fit.explainedVariance) };
    lastMaps.set(model, { fingerprint, what, map });
  }
  let query: QueryNeighbours | null = null;
  if (p.query) {
    const id = encodeOrExplain(tokenizer, p.query)[0];
    query = { label: tokenizer.tokenToDisplay(id), neighbours: neighboursOf(table, V, C, id, p.neighbours, (i) => tokenizer.tokenToDisplay(i)) };
  }
  // The host transfers a result's typed arrays to the page (detaching them here), so the kept map sends a copy.
  return { ...map, points: map.points.slice(), query };
}

/** A 32-bit FNV-1a hash of the table's bits (about 0.1 s for GPT-2's 38.6 million numbers, against seconds of PCA). */
function fingerprintOf(table: Float32Array): number {
  const bits = new Uint32Array(table.buffer, table.byteOffset, table.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 0x01000193);
  return h >>> 0;
}
