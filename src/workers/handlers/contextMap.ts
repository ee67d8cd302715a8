// Static versus contextual vectors: every token of every text at one depth — layer 0 is the token embedding alone
// (the same vector wherever the token stands), layer l the residual stream after block l — on one shared PCA map.
import { noGrad, tensor, tidy, Trace, type TraceKey } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { mapOf, type EmbeddingMap } from './embeddingMap';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

const contextParams = s.object({
  key: checkpointKey(),
  texts: s.array(s.string({ maxLength: 100_000 }), { maxLength: 100 }),
  layer: s.int({ min: 0, max: 1000 }),
});

export const contextMap = method({
  lane: 'queue',
  retry: true,
  params: contextParams,
  run: (p, { state }) => mapInContext(state, p),
});

async function mapInContext(state: EngineState, p: Infer<typeof contextParams>): Promise<EmbeddingMap & { textIndex: number[] }> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { nLayer, nEmbd: C, blockSize } = model.config;
  if (!(Number.isInteger(p.layer) && p.layer >= 0 && p.layer <= nLayer)) {
    throw new InputError(`Choose a depth from 0 (the token embedding) to ${nLayer} (after the last block).`);
  }
  if (p.texts.length === 0) throw new InputError('Give at least one text.');
  const key: TraceKey = p.layer === 0 ? { site: 'tok_emb' } : { site: 'resid_mlp', layer: p.layer - 1 };
  const rows: Float32Array[] = [], labels: string[] = [], textIndex: number[] = [];
  for (const [t, text] of p.texts.entries()) {
    const ids = encodeOrExplain(tokenizer, text).slice(-blockSize);
    const trace = new Trace(key);
    tidy(() => noGrad(() => { model.forward(tensor(ids, [1, ids.length]), { trace }); })); // only the trace is kept
    const vectors = (await trace.read()).require(key).data; // (1, T, C)
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
