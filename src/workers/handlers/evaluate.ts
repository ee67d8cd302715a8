// How well a loaded model predicts the reader's text, token by token (sliding windows over a text longer than the
// context), with heads, a layer's attention or its MLP switched off; optionally the table of every head's
// importance (the loss increase when that head alone is off), all ablations batched into the same passes.
import { checkAblation, evaluate as evaluateText, headImportance, type Ablation, type HeadImportance } from '../../engine';
import { encodeOrExplain, InputError } from '../engineState';
import { s, type Infer } from '../schema';
import type { PipelineToken } from './inspect';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

export interface EvaluateResult {
  /** The text's tokens; position j (from 1) is predicted from the tokens before it. */
  tokens: PipelineToken[];
  /** Per position 1 … N−1: the probability of the actual token, its cross-entropy (nats), the context it saw. */
  probabilities: Float32Array;
  losses: Float32Array;
  contexts: Int32Array;
  meanLoss: number;
  /** With `headTable`: every head's importance on this text (ablation ignored; all other heads on). */
  heads: HeadImportance | null;
}

export interface EvaluateProgress {
  windowsDone: number;
  windows: number;
}

const switches = (maxLength: number) => s.optional(s.array(s.number({ min: 0, max: 1 }), { maxLength }));

const evaluateParams = s.object({
  key: checkpointKey(),
  text: s.string({ maxLength: 1_000_000 }),
  stride: s.optional(s.int({ min: 1, max: 100_000 })),
  ablation: s.optional(s.object({
    /** Per layer, per head: 1 on, 0 off. */
    heads: s.optional(s.array(s.array(s.number({ min: 0, max: 1 }), { maxLength: 1000 }), { maxLength: 1000 })),
    attn: switches(1000),
    mlp: switches(1000),
  })),
  headTable: s.optional(s.boolean(), false),
});

export const evaluate = method({
  lane: 'queue',
  retry: true,
  params: evaluateParams,
  run: (p, context: HandlerContext<EvaluateProgress>) => evaluateOnText(p, context),
});

async function evaluateOnText(p: Infer<typeof evaluateParams>, { state, progress, signal }: HandlerContext<EvaluateProgress>): Promise<EvaluateResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { blockSize, nLayer, nHead } = model.config;
  const ids = encodeOrExplain(tokenizer, p.text);
  if (ids.length < 2) throw new InputError('The text needs at least two tokens: one to read and one to predict.');
  if (p.stride !== undefined && p.stride > blockSize) throw new InputError(`The stride can be at most the context length, ${blockSize} tokens.`);
  const ablation: Ablation = p.ablation ?? {};
  try {
    checkAblation(ablation, nLayer, nHead);
  } catch (error) {
    throw new InputError(`This model has ${nLayer} layers of ${nHead} heads: ${(error as Error).message}.`);
  }
  const onProgress = (windowsDone: number, windows: number) => progress({ windowsDone, windows });
  const e = await evaluateText(model, ids, { stride: p.stride, ablation, signal, onProgress });
  const heads = p.headTable ? await headImportance(model, ids, { stride: p.stride, signal }) : null;
  return {
    tokens: ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) })),
    probabilities: Float32Array.from(e.probabilities),
    losses: Float32Array.from(e.losses),
    contexts: e.contexts,
    meanLoss: e.meanLoss,
    heads,
  };
}
