// The first thing a GPT does with the reader's tokens: look up each one's row of the token table (wte), add its
// position's vector (a learned row of wpe, or the sinusoids; nothing for RoPE or none), and hand the sum to the
// first block. All three, as numbers, for the Embeddings chapter's lookup step.
import { noGrad, tensor, tidy, Trace } from '../../engine';
import { encodeOrExplain, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import type { PipelineToken } from './inspect';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface EmbeddingLookupResult {
  tokens: PipelineToken[];
  /** Tokens cut from the start because the text is longer than the model's context. */
  droppedTokens: number;
  /** C: numbers per vector. */
  width: number;
  positional: string;
  /** Each token's row of the token table, row-major (T, C). */
  token: Float32Array;
  /** Each position's vector, (T, C); null when the model adds none (RoPE rotates inside attention; none has none). */
  position: Float32Array | null;
  /** token + position: what enters the first block, (T, C). */
  sum: Float32Array;
}

const lookupParams = s.object({ key: checkpointKey(), text: s.string({ maxLength: 100_000 }) });

export const embeddingLookup = method({
  lane: 'queue',
  retry: true,
  params: lookupParams,
  run: (p, { state }) => lookUp(state, p),
});

async function lookUp(state: EngineState, p: Infer<typeof lookupParams>): Promise<EmbeddingLookupResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const all = encodeOrExplain(tokenizer, p.text);
  const ids = all.slice(-model.config.blockSize);
  const trace = new Trace([{ site: 'tok_emb' }, { site: 'pos_emb' }, { site: 'emb' }]);
  tidy(() => noGrad(() => { model.forward(tensor(ids, [1, ids.length]), { trace }); }));
  const read = await trace.read();
  const copy = (site: 'tok_emb' | 'pos_emb' | 'emb') => (read.has({ site }) ? Float32Array.from(read.require({ site }).data) : null);
  return {
    tokens: ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) })),
    droppedTokens: all.length - ids.length,
    width: model.config.nEmbd,
    positional: model.config.positional,
    token: copy('tok_emb')!,
    position: copy('pos_emb'),
    sum: copy('emb')!,
  };
}
