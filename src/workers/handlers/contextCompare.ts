// ELMo's point on the reader's model: one word in two sentences ("bank" of a river, a bank that holds money) has one
// static vector (the token table's row) but, after each block, a hidden vector coloured by its sentence. The
// answer is the cosine similarity of the word's two vectors at every depth.
import { cosineSimilarity, noGrad, tensor, tidy, Trace, type TraceKey } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface ContextCompareResult {
  /** The word's tokens, as the tokenizer cut it (e.g. ["␣ban", "k"]). */
  labels: string[];
  /** Where the word's tokens lie in each text: [start, end) token indices. */
  spans: [[number, number], [number, number]];
  /**
   * Depth 0 is the token table's rows; depth l the residual stream after block l. Per depth, the cosine similarity
   * of the word's two vectors (the mean of its tokens' vectors, when the tokenizer cut it into several).
   */
  similarity: number[];
}

const compareParams = s.object({
  key: checkpointKey(),
  first: s.string({ maxLength: 10_000 }),
  second: s.string({ maxLength: 10_000 }),
  word: s.string({ minLength: 1, maxLength: 100 }),
});

export const contextCompare = method({
  lane: 'queue',
  retry: true,
  params: compareParams,
  run: (p, { state }) => compareInContext(state, p),
});

async function compareInContext(state: EngineState, p: Infer<typeof compareParams>): Promise<ContextCompareResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { nLayer, blockSize } = model.config;
  const keys: TraceKey[] = [{ site: 'tok_emb' }, ...Array.from({ length: nLayer }, (_, l) => ({ site: 'resid_mlp' as const, layer: l }))];
  const located = [p.first, p.second].map((text, n) => {
    const ids = encodeOrExplain(tokenizer, text);
    if (ids.length > blockSize) throw new InputError(`Keep each sentence within the model's context of ${blockSize} tokens.`);
    return { ids, span: wordSpan(text, p.word, ids.length, (t) => tokenizer.encode(t), n === 0 ? 'first' : 'second') };
  });
  const [a, b] = located.map(({ ids, span }) => ids.slice(span[0], span[1]));
  if (a.join() !== b.join()) {
    throw new InputError(`“${p.word.trim()}” is cut into different tokens in the two sentences; write it the same way in both (with a space before it, say).`);
  }
  const readouts = await Promise.all(located.map(async ({ ids }) => {
    const trace = new Trace(keys);
    tidy(() => noGrad(() => { model.forward(tensor(ids, [1, ids.length]), { trace }); }));
    return trace.read();
  }));
  const C = model.config.nEmbd;
  /** The mean of the word's token vectors at one depth in text k. */
  const wordVector = (k: number, key: TraceKey) => {
    const data = readouts[k].require(key).data, [start, end] = located[k].span;
    const mean = new Float64Array(C);
    for (let t = start; t < end; t++) for (let c = 0; c < C; c++) mean[c] += data[t * C + c] / (end - start);
    return mean;
  };
  return {
    labels: a.map((id) => tokenizer.tokenToDisplay(id)),
    spans: [located[0].span, located[1].span],
    similarity: keys.map((key) => cosineSimilarity(wordVector(0, key), wordVector(1, key))),
  };
}

/**
 * The word's tokens in the text, [start, end): the tokens of the text up to the word's end, less those of the text
 * before it (a space just before the word goes with it, as byte-level BPE attaches it).
 */
function wordSpan(text: string, word: string, total: number, encode: (t: string) => number[], which: string): [number, number] {
  const needle = word.trim().toLowerCase();
  const at = text.toLowerCase().indexOf(needle);
  if (at < 0 || !needle) throw new InputError(`The ${which} sentence does not contain “${word.trim()}”.`);
  const from = at > 0 && text[at - 1] === ' ' ? at - 1 : at;
  const end = Math.min(total, encode(text.slice(0, at + needle.length)).length);
  const start = Math.min(end - 1, encode(text.slice(0, from)).length);
  return [start, end];
}
