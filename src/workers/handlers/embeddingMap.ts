// The model's own token embeddings (wte) as points: projected by PCA, with the nearest neighbours of a query token
// by cosine similarity in the full space. Also the shared pieces of every embedding map (PCA frame, neighbours).
import { nearestNeighbours, pca } from '../../engine';
import { encodeOrExplain, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

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

const mapParams = s.object({
  key: checkpointKey(),
  k: s.literal(2, 3),
  maxTokens: s.optional(s.int({ min: 2, max: 1_000_000 })),
  query: s.optional(s.string({ maxLength: 1000 })),
  neighbours: s.optional(s.int({ min: 1, max: 1000 }), 8),
});

/** The model's own token embeddings (wte), projected by PCA, with the nearest neighbours of `query`'s first token. */
export const embeddingMap = method({
  lane: 'queue',
  retry: true,
  params: mapParams,
  run: (p, { state }) => mapTokenEmbeddings(state, p),
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

async function mapTokenEmbeddings(state: EngineState, p: Infer<typeof mapParams>): Promise<EmbeddingMap & { query: QueryNeighbours | null }> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { vocabSize: V, nEmbd: C } = model.config;
  const rows = Math.min(V, p.maxTokens ?? V);
  const table = Float32Array.from(await model.wte.weight.data());
  const labels = Array.from({ length: rows }, (_, id) => tokenizer.tokenToDisplay(id));
  const { map } = mapOf(table, rows, C, p.k, labels);
  let query: QueryNeighbours | null = null;
  if (p.query) {
    const id = encodeOrExplain(tokenizer, p.query)[0];
    query = { label: tokenizer.tokenToDisplay(id), neighbours: neighboursOf(table, V, C, id, p.neighbours, (i) => tokenizer.tokenToDisplay(i)) };
  }
  return { ...map, query };
}
