// Embeddings as points: the model's own token vectors projected by PCA (with nearest neighbours), and a word2vec
// trained live on the reader's text, its map redrawn every chunk with signs kept from the last frame so the picture
// does not flip. Heavy loops stay here, in the worker; the page only draws.
import { Trace, Word2Vec, WordTokenizer, nearestNeighbours, noGrad, pca, tensor, tidy, type Tokenizer } from '../../engine';
import { InputError, encodeOrExplain, nextMacrotask, type EngineState } from '../engineState';
import type { EmbeddingMap, LabelledNeighbour, ParamsOf, ProgressOf, ResultOf } from '../protocol';

/** PCA of the first `rows` rows of a (V, dim) table. */
function mapOf(table: Float32Array, rows: number, dim: number, k: number, labels: string[], previous?: Float64Array) {
  const fit = pca(table.subarray(0, rows * dim), dim, k, { alignWith: previous });
  const map: EmbeddingMap = { labels, points: Float32Array.from(fit.projected), k, explained: Array.from(fit.explainedVariance) };
  return { map, components: fit.components };
}

function neighboursOf(table: Float32Array, rows: number, dim: number, id: number, count: number, label: (id: number) => string): LabelledNeighbour[] {
  return nearestNeighbours(table, rows, dim, id, count).map((n) => ({ label: label(n.index), similarity: n.similarity }));
}

export async function embeddingMap(state: EngineState, p: ParamsOf<'embeddingMap'>): Promise<ResultOf<'embeddingMap'>> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { vocabSize: V, nEmbd: C } = model.config;
  const rows = Math.min(V, p.maxTokens ?? V);
  const table = Float32Array.from(await model.wte.weight.data());
  const labels = Array.from({ length: rows }, (_, id) => tokenizer.tokenToDisplay(id));
  const { map } = mapOf(table, rows, C, p.k, labels);
  let query: ResultOf<'embeddingMap'>['query'] = null;
  if (p.query) {
    const id = encodeOrExplain(tokenizer, p.query)[0];
    query = { label: tokenizer.tokenToDisplay(id), neighbours: neighboursOf(table, V, C, id, p.neighbours ?? 8, (i) => tokenizer.tokenToDisplay(i)) };
  }
  return { ...map, query };
}

export async function contextMap(state: EngineState, p: ParamsOf<'contextMap'>): Promise<ResultOf<'contextMap'>> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { nLayer, nEmbd: C, blockSize } = model.config;
  if (!(Number.isInteger(p.layer) && p.layer >= 0 && p.layer <= nLayer)) {
    throw new InputError(`Choose a depth from 0 (the token embedding) to ${nLayer} (after the last block).`);
  }
  if (p.texts.length === 0) throw new InputError('Give at least one text.');
  const name = p.layer === 0 ? 'tok_emb' : `h.${p.layer - 1}.residual`;
  const rows: Float32Array[] = [], labels: string[] = [], textIndex: number[] = [];
  for (const [t, text] of p.texts.entries()) {
    const ids = encodeOrExplain(tokenizer, text).slice(-blockSize);
    const trace = new Trace((n) => n === name);
    tidy(() => noGrad(() => { model.forward(tensor(ids, [1, ids.length]), { trace }); })); // only the trace is kept
    const vectors = (await trace.read()).get(name)!.data; // (1, T, C)
    ids.forEach((id, i) => {
      rows.push(Float32Array.from({ length: C }, (_, c) => vectors[i * C + c]));
      labels.push(tokenizer.tokenToDisplay(id));
      textIndex.push(t);
    });
  }
  if (rows.length < 2) throw new InputError('The texts have fewer than two tokens between them: nothing to compare.');
  const table = new Float32Array(rows.length * C);
  rows.forEach((r, i) => table.set(r, i * C));
  return { ...mapOf(table, rows.length, C, 2, labels).map, textIndex };
}

export async function word2vec(
  p: ParamsOf<'word2vec'>,
  report: (progress: ProgressOf<'word2vec'>) => void,
  signal: AbortSignal,
): Promise<ResultOf<'word2vec'>> {
  const { maxWords = 5000, showWords = 200, dim = 32, window = 4, negatives = 5, epochs = 3, chunkPairs = 50_000, seed = 1337, subsample = 1e-3 } = p;
  const words = WordTokenizer.fromText(p.corpus, { maxWords });
  const lines = p.corpus.split('\n').map((line) => words.encode(line).filter((id) => id !== words.unkId)).filter((ids) => ids.length > 1);
  if (lines.length === 0) throw new InputError('The text has no two words on one line to learn from.');
  const model = new Word2Vec(lines, { dim, window, negatives, epochs, seed, subsample, minCount: 1, vocabSize: words.vocabSize });
  const shown = Math.min(showWords, words.vocabSize - 1); // ids are in frequency order: the first are the most frequent
  const labels = Array.from({ length: shown }, (_, id) => words.tokenToDisplay(id));
  let components: Float64Array | undefined;
  let loss = NaN;
  while (model.epochFraction() < epochs) {
    const progress = model.trainSteps(chunkPairs);
    loss = progress.loss;
    const frame = mapOf(model.input, shown, dim, 2, labels, components);
    components = frame.components;
    report({ ...frame.map, loss, pairs: progress.pairsSeen, epochFraction: progress.epochFraction });
    await nextMacrotask();
    if (signal.aborted) throw new DOMException('word2vec was cancelled.', 'AbortError');
  }
  const table = model.vectors();
  const final = mapOf(table, shown, dim, 2, labels, components);
  let query: ResultOf<'word2vec'>['query'] = null;
  if (p.query) {
    const id = queryId(words, p.query);
    query = { label: words.tokenToDisplay(id), neighbours: neighboursOf(table, words.vocabSize, dim, id, 8, (i) => words.tokenToDisplay(i)) };
  }
  return { ...final.map, loss, pairs: model.pairsSeen, query };
}

/** The id of the query word (with or without its leading space), or an InputError naming it. */
function queryId(words: Pick<Tokenizer, 'encode'> & { unkId: number }, query: string): number {
  for (const form of [` ${query.trim()}`, query.trim()]) {
    const ids = words.encode(form);
    if (ids.length === 1 && ids[0] !== words.unkId) return ids[0];
  }
  throw new InputError(`"${query}" is not among the words the model learned.`);
}
