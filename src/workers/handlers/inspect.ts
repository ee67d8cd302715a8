// One forward pass over the reader's prompt, traced: tokens, the vectors entering the first block, attention
// weights per layer (averaged over heads), and the next-token distribution with the token the seed draws.
import { filterDistribution, noGrad, Rng, sampleIndex, tensor, tidy, Trace, type Tokenizer } from '../../engine';
import { encodeOrExplain, type EngineState } from '../engineState';
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
}

const inspectParams = s.object({
  key: checkpointKey(),
  text: s.string({ maxLength: 100_000 }),
  temperature: s.number({ min: 0.01, max: 100 }),
  seed: s.int({ min: 0, max: 2 ** 32 - 1 }),
  topCount: s.int({ min: 1, max: 1000 }),
});

export const inspect = method({
  lane: 'queue',
  retry: true,
  params: inspectParams,
  run: (p, { state }) => computePipeline(state, p),
});

const traced = [{ site: 'emb' }, { site: 'attn.weights' }] as const;

/** The seed and the context together pick the draw, so the same link always shows the same next token. */
export function drawSeed(seed: number, contextLength: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(contextLength + 1, 0x85ebca6b)) >>> 0;
}

export async function computePipeline(state: EngineState, p: Infer<typeof inspectParams>): Promise<PipelineResult> {
  const { loaded } = state.get(p.key);
  const { model, tokenizer } = loaded;
  const allIds = encodeOrExplain(tokenizer, p.text);
  const T = model.config.blockSize;
  const ids = allIds.slice(-T);

  const trace = new Trace(traced);
  const logits = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { trace, lastOnly: true }).logits));
  const values = await logits.data();
  logits.dispose();
  const activations = await trace.read();

  const vectors = activations.require({ site: 'emb' }); // (1, T, C)
  const attention = model.h.map((_, layer) => meanOverHeads(activations.require({ site: 'attn.weights', layer }).data, ids.length, model.config.nHead));

  const probs = filterDistribution(values, { temperature: p.temperature });
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a]);
  const choice = (id: number): NextTokenChoice => ({
    id,
    label: tokenizer.tokenToDisplay(id),
    probability: probs[id],
    text: appendedText(tokenizer, ids, id),
  });
  const chosenId = sampleIndex(probs, new Rng(drawSeed(p.seed, allIds.length)));
  return {
    tokens: ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) })),
    droppedTokens: allIds.length - ids.length,
    vectors: Float32Array.from(vectors.data),
    width: model.config.nEmbd,
    attention,
    top: order.slice(0, p.topCount).map(choice),
    chosen: choice(chosenId),
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
