// ELMo's point on the reader's model: one word in two sentences ("bank" of a river, a bank that holds money) has one
// static vector (the token table's row) but, after each block, a hidden vector coloured by its sentence. The
// answer is the cosine similarity of the word's two vectors at every depth.
import { cosineSimilarity, noGrad, tensor, tidy, Trace, type TraceKey } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface ContextCompareResult {
  /** The token whose vectors are compared (the word's last token, which has read the whole word), per text. */
  label: string;
  index: [number, number];
  /** Depth 0 is the token table's row; depth l the residual stream after block l. Cosine similarity per depth. */
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
    return { ids, index: wordEnd(text, p.word, ids.length, (t) => tokenizer.encode(t), n === 0 ? 'first' : 'second') };
  });
  const [a, b] = located;
  if (a.ids[a.index] !== b.ids[b.index]) {
    throw new InputError(`“${p.word}” ends in different tokens in the two sentences; write it the same way in both (with a space before it, say).`);
  }
  const vectors = await Promise.all(located.map(async ({ ids }) => {
    const trace = new Trace(keys);
    tidy(() => noGrad(() => { model.forward(tensor(ids, [1, ids.length]), { trace }); }));
    return trace.read();
  }));
  const C = model.config.nEmbd;
  const rowAt = (k: number, key: TraceKey) => vectors[k].require(key).data.subarray(located[k].index * C, (located[k].index + 1) * C);
  return {
    label: tokenizer.tokenToDisplay(a.ids[a.index]),
    index: [a.index, b.index],
    similarity: keys.map((key) => cosineSimilarity(rowAt(0, key), rowAt(1, key))),
  };
}

/** Index of the word's last token in the text's tokens: the tokens of the text up to the word's end, less one. */
function wordEnd(text: string, word: string, total: number, encode: (t: string) => number[], which: string): number {
  const at = text.toLowerCase().indexOf(word.trim().toLowerCase());
  if (at < 0) throw new InputError(`The ${which} sentence does not contain “${word.trim()}”.`);
  return Math.min(total, encode(text.slice(0, at + word.trim().length)).length) - 1;
}
