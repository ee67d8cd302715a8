// word2vec trained live on the reader's text (words: its most frequent pre-split words), its map redrawn every chunk
// with signs kept from the last frame so the picture does not flip. Heavy loops stay here, in the worker.
import { Word2Vec, WordTokenizer, type Tokenizer } from '../../engine';
import { InputError, nextMacrotask } from '../engineState';
import { s, type Infer } from '../schema';
import { mapOf, neighboursOf, type EmbeddingMap, type QueryNeighbours } from './embeddingMap';
import { method, type HandlerContext } from './method';

export type Word2VecFrame = EmbeddingMap & { loss: number; pairs: number; epochFraction: number };

const word2vecParams = s.object({
  corpus: s.string({ maxLength: 64 * 2 ** 20 }),
  maxWords: s.optional(s.int({ min: 2, max: 200_000 }), 5000),
  showWords: s.optional(s.int({ min: 2, max: 20_000 }), 200),
  dim: s.optional(s.int({ min: 2, max: 1024 }), 32),
  window: s.optional(s.int({ min: 1, max: 50 }), 4),
  negatives: s.optional(s.int({ min: 1, max: 100 }), 5),
  epochs: s.optional(s.number({ min: 0.01, max: 1000 }), 3),
  chunkPairs: s.optional(s.int({ min: 100, max: 10_000_000 }), 50_000),
  seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
  query: s.optional(s.string({ maxLength: 1000 })),
  /** Frequent-word subsampling threshold (1e-3 for book-sized texts; 0 keeps every word of a short one). */
  subsample: s.optional(s.number({ min: 0, max: 1 }), 1e-3),
  /** Keep the model in the worker under this name when the run ends or is cancelled (a pause), for word2vecQuery. */
  holdAs: s.optional(s.string({ minLength: 1, maxLength: 200 })),
  /** Go on training the model held under `holdAs` (the same text and settings) instead of starting afresh. */
  resume: s.optional(s.boolean(), false),
});

/** A word2vec model kept between runs: paused to resume, or finished to ask for neighbours and analogies. */
export interface HeldWord2Vec {
  model: Word2Vec;
  words: WordTokenizer;
  labels: string[];
  components: Float64Array | undefined;
  dim: number;
}

const held = new Map<string, HeldWord2Vec>();
const maxHeld = 4;

/** The word2vec model held under `name`, or an InputError saying there is none. */
export function heldWord2Vec(name: string): HeldWord2Vec {
  const found = held.get(name);
  if (!found) throw new InputError('No word2vec model is kept under that name: train one first.');
  return found;
}

function hold(name: string, run: HeldWord2Vec): void {
  held.delete(name);
  held.set(name, run);
  while (held.size > maxHeld) held.delete(held.keys().next().value!);
}

/**
 * Trains word2vec live on `corpus`, reporting the loss and a PCA map of the `showWords` most frequent words every
 * chunk; the result adds nearest neighbours of `query`. It touches no model, so it runs at once.
 */
export const word2vec = method({
  lane: 'free',
  retry: true,
  params: word2vecParams,
  run: (p, { progress, signal }: HandlerContext<Word2VecFrame>) => trainWord2Vec(p, progress, signal),
});

async function trainWord2Vec(
  p: Infer<typeof word2vecParams>,
  report: (progress: Word2VecFrame) => void,
  signal: AbortSignal,
): Promise<EmbeddingMap & { loss: number; pairs: number; query: QueryNeighbours | null }> {
  const { epochs, chunkPairs } = p;
  const run = p.resume && p.holdAs ? heldWord2Vec(p.holdAs) : startWord2Vec(p);
  const { model, words, labels, dim } = run;
  const shown = labels.length;
  let components = run.components;
  let loss = NaN;
  while (model.epochFraction() < epochs) {
    const progress = model.trainSteps(chunkPairs);
    loss = progress.loss;
    const frame = mapOf(model.input, shown, dim, 2, labels, components);
    components = frame.components;
    report({ ...frame.map, loss, pairs: progress.pairsSeen, epochFraction: progress.epochFraction });
    await nextMacrotask();
    if (signal.aborted) {
      if (p.holdAs) hold(p.holdAs, { ...run, components });
      throw new DOMException('word2vec was cancelled.', 'AbortError');
    }
  }
  if (p.holdAs) hold(p.holdAs, { ...run, components });
  const table = model.vectors();
  const final = mapOf(table, shown, dim, 2, labels, components);
  let query: QueryNeighbours | null = null;
  if (p.query) {
    const id = queryId(words, p.query);
    query = { label: words.tokenToDisplay(id), neighbours: neighboursOf(table, words.vocabSize, dim, id, 8, (i) => words.tokenToDisplay(i)) };
  }
  return { ...final.map, loss, pairs: model.pairsSeen, query };
}

/** A new model on the text's words (its most frequent `maxWords`), the first `showWords` of them labelled. */
function startWord2Vec(p: Infer<typeof word2vecParams>): HeldWord2Vec {
  const { maxWords, showWords, dim, window, negatives, epochs, seed, subsample } = p;
  const words = WordTokenizer.fromText(p.corpus, { maxWords });
  const lines = p.corpus.split('\n').map((line) => words.encode(line).filter((id) => id !== words.unkId)).filter((ids) => ids.length > 1);
  if (lines.length === 0) throw new InputError('The text has no two words on one line to learn from.');
  const model = new Word2Vec(lines, { dim, window, negatives, epochs, seed, subsample, minCount: 1, vocabSize: words.vocabSize });
  const shown = Math.min(showWords, words.vocabSize - 1); // ids are in frequency order: the first are the most frequent
  const labels = Array.from({ length: shown }, (_, id) => words.tokenToDisplay(id));
  return { model, words, labels, components: undefined, dim };
}

/** The id of the query word (with or without its leading space), or an InputError naming it. */
export function queryId(words: Pick<Tokenizer, 'encode'> & { unkId: number }, query: string): number {
  for (const form of [` ${query.trim()}`, query.trim()]) {
    const ids = words.encode(form);
    if (ids.length === 1 && ids[0] !== words.unkId) return ids[0];
  }
  throw new InputError(`"${query}" is not among the words the model learned.`);
}
