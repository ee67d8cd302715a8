// One forward pass over the reader's prompt, traced: tokens, the vectors entering the first block, attention
// weights per layer (averaged over heads), and the next-token distribution at every sampling stage with the token
// the seed draws. The prompt may be token ids, to branch without re-tokenizing.
import {
  checkTokenIds, distribution, drawToken, noGrad, tensor, tidy, Trace, validateSampling, type SamplingOptions, type Tokenizer,
} from '../../engine';
import { reportDistribution, topIndices, type DistributionReport } from '../distributionReport';
import type { EngineState } from '../engineState';
import type { NextTokenChoice, ParamsOf, PipelineResult } from '../protocol';
import { explained, promptIds } from '../prompt';

export type InspectParams = Omit<ParamsOf<'inspect'>, 'text'> & SamplingOptions & {
  /** The prompt as text, or as token ids (exactly one). */
  text?: string;
  ids?: number[];
  /** Also send the full logits and filtered distribution (Float32Array, V each). */
  full?: boolean;
};

export interface InspectResult extends PipelineResult {
  /** The whole prompt's ids (droppedTokens of them did not fit the context). */
  ids: number[];
  /** The next-token distribution at every stage, cut tokens marked. */
  distribution: DistributionReport;
}

const traced = (name: string) => name === 'residual.0' || /^h\.\d+\.attn\.weights$/.test(name);

export async function inspect(state: EngineState, p: InspectParams): Promise<InspectResult> {
  const { loaded } = state.get(p.key);
  const { model, tokenizer } = loaded;
  const allIds = promptIds(tokenizer, p);
  await explained(() => {
    checkTokenIds(allIds, model.config.vocabSize, 'prompt token id');
    validateSampling(p);
  });
  const T = model.config.blockSize;
  const ids = allIds.slice(-T);

  const trace = new Trace(traced);
  const logits = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { trace, lastOnly: true }).logits));
  const values = await logits.data();
  logits.dispose();
  const activations = await trace.read();

  const vectors = activations.get('residual.0')!; // (1, T, C)
  const attention = model.h.map((_, layer) => meanOverHeads(activations.get(`h.${layer}.attn.weights`)!.data, ids.length, model.config.nHead));

  const dist = await explained(() => distribution(values, p));
  const probs = dist.filtered;
  const choice = (id: number): NextTokenChoice => ({
    id,
    label: tokenizer.tokenToDisplay(id),
    probability: probs[id],
    text: appendedText(tokenizer, ids, id),
  });
  const chosenId = drawToken(probs, p.seed, allIds.length); // the seed and the context pick the draw, as in generate
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
