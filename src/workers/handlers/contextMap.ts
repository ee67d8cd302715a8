// Static versus contextual vectors: every token of every text at one depth — layer 0 is the token embedding alone
// (the same vector wherever the token stands), layer l the residual stream after block l — on one shared PCA map.
import { noGrad, pca, projectPoints, tensor, tidy, Trace, type TraceKey } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { mapOf, type EmbeddingMap } from './embeddingMap';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

const contextParams = s.object({
  key: checkpointKey(),
  texts: s.array(s.string({ maxLength: 100_000 }), { maxLength: 100 }),
  layer: s.int({ min: 0, max: 1000 }),
  /**
   * Fit the PCA on the vectors of every depth together, so maps of different depths share their axes and a token's
   * point moves, rather than the picture turning, as the depth changes. Default false: the depth's own PCA.
   */
  sharedFrame: s.optional(s.boolean(), false),
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
  const keyAt = (depth: number): TraceKey => (depth === 0 ? { site: 'tok_emb' } : { site: 'resid_mlp', layer: depth - 1 });
  const depths = p.sharedFrame ? Array.from({ length: nLayer + 1 }, (_, d) => d) : [p.layer];
  const rowsAt = depths.map(() => [] as Float32Array[]);
  const labels: string[] = [], textIndex: number[] = [];
  for (const [t, text] of p.texts.entries()) {
    const ids = encodeOrExplain(tokenizer, text).slice(-blockSize);
    const trace = new Trace(depths.map(keyAt));
    tidy(() => noGrad(() => { model.forward(tensor(ids, [1, ids.length]), { trace }); })); // only the trace is kept
    const readout = await trace.read();
    depths.forEach((depth, d) => {
      const vectors = readout.require(keyAt(depth)).data; // (1, T, C)
      ids.forEach((_, i) => rowsAt[d].push(Float32Array.from({ length: C }, (_, c) => vectors[i * C + c])));
    });
    ids.forEach((id) => {
      labels.push(tokenizer.tokenToDisplay(id));
      textIndex.push(t);
    });
  }
  if (labels.length < 2) throw new InputError('The texts have fewer than two tokens between them: nothing to compare.');
  const tableOf = (rows: Float32Array[]) => {
    const table = new Float32Array(rows.length * C);
    rows.forEach((r, i) => table.set(r, i * C));
    return table;
  };
  if (!p.sharedFrame) return { ...mapOf(tableOf(rowsAt[0]), labels.length, C, 2, labels).map, textIndex };
  // One frame for all depths: fit on every depth's rows, then place the chosen depth's rows in it.
  const fit = pca(tableOf(rowsAt.flat()), C, 2);
  const points = Float32Array.from(projectPoints(fit, tableOf(rowsAt[p.layer])));
  return { labels, points, k: 2, explained: Array.from(fit.explainedVariance), textIndex };
}
