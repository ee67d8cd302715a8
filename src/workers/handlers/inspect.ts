// One forward pass over the reader's prompt, traced: tokens, the vectors entering the first block, attention
// weights per layer (averaged over heads), and the next-token distribution at every sampling stage with the token
// the seed draws (the draw generate makes at the same position). The prompt may be token ids, to branch without
// re-tokenizing.
import { checkTokenIds, distribution, drawToken, noGrad, tensor, tidy, Trace, validateSampling, type Tokenizer } from '../../engine';
import { reportDistribution, topIndices, type DistributionReport } from '../distributionReport';
import type { EngineState } from '../engineState';
import { explained, promptIds, samplingParams } from '../prompt';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface PipelineToken {
  id: number;
  /** Readable label (␣ for a space, escapes for invisibles). */
  label: string;
}

export interface NextTokenChoice extends PipelineToken {
  probability: number;
  /** The text appended when this token is chosen. */
  text: string;
}

/** Everything the Overview draws for one prompt, computed by one forward pass. */
export interface PipelineResult {
  tokens: PipelineToken[];
  /** Tokens cut from the start because the prompt is longer than the model's context. */
  droppedTokens: number;
  /** Input to the first block (token + position embedding), row-major (T, C). */
  vectors: Float32Array;
  width: number;
  /** Per layer, attention weights averaged over heads, row-major (T, T): row t is where token t looks. */
  attention: Float32Array[];
  /** The most likely next tokens after temperature, most likely first. */
  top: NextTokenChoice[];
  /** The token drawn with the seed (it may lie outside `top`). */
  chosen: NextTokenChoice;
  /** The whole prompt's ids (the first droppedTokens of them did not fit the context). */
  ids: number[];
  /** The next-token distribution at every stage, cut tokens marked. */
  distribution: DistributionReport;
}

const inspectParams = s.object({
  key: checkpointKey(),
  ...samplingParams,
  topCount: s.int({ min: 1, max: 1000 }),
  /** Also send the full logits and filtered distribution (Float32Array, V each). */
  full: s.optional(s.boolean(), false),
});

export const inspect = method({
  lane: 'queue',
  retry: true,
  params: inspectParams,
  run: (p, { state }) => computePipeline(state, p),
});

const traced = [{ site: 'emb' }, { site: 'attn.weights' }] as const;

export async function computePipeline(state: EngineState, p: Infer<typeof inspectParams>): Promise<PipelineResult> {
  const { loaded } = state.get(p.key);
  const { model, tokenizer } = loaded;
  const allIds = promptIds(tokenizer, p);
  await explained(() => {
    checkTokenIds(allIds, model.config.vocabSize, 'params.ids: token id');
    validateSampling(p);
  });
  const T = model.config.blockSize;
  const ids = allIds.slice(-T);

  const trace = new Trace(traced);
  const logits = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { trace, lastOnly: true }).logits));
  const values = await logits.data();
  logits.dispose();
  const activations = await trace.read();

  const vectors = activations.require({ site: 'emb' }); // (1, T, C)
  const attention = model.h.map((_, layer) => meanOverHeads(activations.require({ site: 'attn.weights', layer }).data, ids.length, model.config.nHead));

  const dist = distribution(values, p);
  const probs = dist.filtered;
  const choice = (id: number): NextTokenChoice => ({
    id,
    label: tokenizer.tokenToDisplay(id),
    probability: probs[id],
    text: appendedText(tokenizer, ids, id),
  });
  const chosenId = drawToken(probs, p.seed, allIds.length); // the seed and the position pick the draw, as in generate
  return {
    tokens: ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) })),
    droppedTokens: allIds.length - ids.length,
    vectors: Float32Array.from(vectors.data),
    width: model.config.nEmbd,
    attention,
    top: topIndices(dist.tempered, p.topCount).map(choice),
    chosen: choice(chosenId),
    ids: allIds,
    distribution: reportDistribution(tokenizer, values, dist, { count: p.topCount, full: p.full }),
  };
}

/** (1, nh, T, T) → (T, T), the mean over heads. */
function meanOverHeads(weights: ArrayLike<number>, T: number, nHead: number): Float32Array {
  const out = new Float32Array(T * T);
  for (let h = 0; h < nHead; h++) for (let i = 0; i < T * T; i++) out[i] += weights[h * T * T + i] / nHead;
  return out;
}

/** The text a token adds after the context (a token may hold part of a character; decoding in context keeps it whole). */
export function appendedText(tokenizer: Tokenizer, context: number[], id: number): string {
  const before = tokenizer.decode(context);
  const after = tokenizer.decode([...context, id]);
  return after.startsWith(before) ? after.slice(before.length) : tokenizer.decode([id]);
}
