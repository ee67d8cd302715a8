// One attention head on the reader's text with real numbers — q, k, v, the scaled and masked scores, the softmax
// weights and the head's output — and, with chosen heads switched off anywhere in the model, the loss over the text
// and the next-token predictions, so the Attention chapter can show what a head contributes.
import { filterDistribution, noGrad, tensor, tidy, Trace, type TraceKey } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { appendedText, type NextTokenChoice, type PipelineToken } from './inspect';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

/** One attention head on the reader's text, step by step, and what the model predicts with the given heads on. */
export interface AttentionHeadResult {
  tokens: PipelineToken[];
  /** Head size: q, k, v and out are row-major (T, hs). */
  hs: number;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  /** q·kᵀ/√hs with the causal mask applied (−Infinity above the diagonal), row-major (T, T). */
  scores: Float32Array;
  /** softmax of each row of scores, (T, T). */
  weights: Float32Array;
  /** weights·v: this head's output, (T, hs); zeros when the head is switched off. */
  out: Float32Array;
  /** Mean next-token loss over the text (nats), with the head mask applied; null for a one-token text. */
  loss: number | null;
  /** The most likely next tokens after the text, with the head mask applied. */
  top: NextTokenChoice[];
  /** Channels C of the residual stream: x, concat and projected are row-major (T, C). */
  nEmbd: number;
  /** ln_1's output in this layer: the LayerNorm'd input x every head of the layer reads. */
  x: Float32Array;
  /** Every head's output side by side (attn.out), before the output projection. */
  concat: Float32Array;
  /** concat·W_o: what this layer's attention adds to the residual stream. */
  projected: Float32Array;
  /** Tokens cut from the front because the text is longer than the context. */
  cut: number;
}

const headParams = s.object({
  key: checkpointKey(),
  text: s.string({ maxLength: 100_000 }),
  layer: s.int({ min: 0, max: 1000 }),
  head: s.int({ min: 0, max: 1000 }),
  /** Per layer, per head: 1 on, 0 off. */
  headMask: s.optional(s.array(s.array(s.number({ min: 0, max: 1 }), { maxLength: 1000 }), { maxLength: 1000 })),
  topCount: s.optional(s.int({ min: 1, max: 1000 }), 5),
});

/**
 * Layer `layer`, head `head` on the reader's text: q, k, v, scores, weights and output with real numbers, plus the
 * loss and the predictions with `headMask` applied to the whole model.
 */
export const attentionHead = method({
  lane: 'queue',
  retry: true,
  params: headParams,
  run: (p, { state }) => traceHead(state, p),
});

export async function traceHead(state: EngineState, p: Infer<typeof headParams>): Promise<AttentionHeadResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { nLayer, nHead, nEmbd, blockSize } = model.config;
  if (!(Number.isInteger(p.layer) && p.layer >= 0 && p.layer < nLayer)) throw new InputError(`There is no layer ${p.layer + 1}: the model has ${nLayer}.`);
  if (!(Number.isInteger(p.head) && p.head >= 0 && p.head < nHead)) throw new InputError(`There is no head ${p.head + 1}: each layer has ${nHead}.`);
  if (p.headMask && (p.headMask.length !== nLayer || p.headMask.some((row) => row.length !== nHead || row.some((x) => !Number.isFinite(x))))) {
    throw new InputError(`The head switches must be ${nLayer} layers × ${nHead} heads of numbers.`);
  }
  const all = encodeOrExplain(tokenizer, p.text);
  const ids = all.slice(-blockSize);
  const T = ids.length, hs = nEmbd / nHead;
  const sites = ['attn.q', 'attn.k', 'attn.v', 'attn.scores', 'attn.weights', 'attn.out', 'ln_1', 'resid_attn'] as const;
  // The layer's input, to take the attention's addition out of the residual stream after it.
  const input: TraceKey = p.layer === 0 ? { site: 'emb' } : { site: 'resid_mlp', layer: p.layer - 1 };
  const trace = new Trace([{ site: sites, layer: p.layer }, input]);
  // Each position predicts the next token; the last has none in the text, and a one-token text has no loss at all.
  const targets = T > 1 ? tensor([...ids.slice(1), -1], [1, T]) : undefined;
  const { logits, loss } = tidy(() => noGrad(() => model.forward(tensor(ids, [1, T]), { trace, headMask: p.headMask, targets })));
  const logitValues = await logits.data();
  const lossValue = loss ? (await loss.data())[0] : null;
  logits.dispose();
  loss?.dispose();
  const a = await trace.read();
  const get = (part: 'q' | 'k' | 'v' | 'scores' | 'weights' | 'out') => a.require({ site: `attn.${part}`, layer: p.layer }).data;
  const before = a.require(input).data, after = a.require({ site: 'resid_attn', layer: p.layer }).data;

  const V = model.config.vocabSize;
  const probs = filterDistribution(logitValues.subarray((T - 1) * V, T * V));
  const order = Array.from(probs.keys()).sort((x, y) => probs[y] - probs[x]).slice(0, p.topCount);
  return {
    tokens: ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) })),
    hs,
    q: headRows(get('q'), p.head, T, hs),
    k: headRows(get('k'), p.head, T, hs),
    v: headRows(get('v'), p.head, T, hs),
    scores: headRows(get('scores'), p.head, T, T),
    weights: headRows(get('weights'), p.head, T, T),
    out: columns(get('out'), T, nEmbd, p.head * hs, hs),
    loss: lossValue,
    top: order.map((id) => ({ id, label: tokenizer.tokenToDisplay(id), probability: probs[id], text: appendedText(tokenizer, ids, id) })),
    nEmbd,
    x: Float32Array.from(a.require({ site: 'ln_1', layer: p.layer }).data),
    concat: Float32Array.from(get('out')),
    projected: Float32Array.from(after, (y, i) => y - before[i]),
    cut: all.length - T,
  };
}

/** Head h of a (1, nh, T, width) activation: its (T, width) block. */
function headRows(data: ArrayLike<number>, h: number, T: number, width: number): Float32Array {
  return Float32Array.from({ length: T * width }, (_, i) => data[h * T * width + i]);
}

/** Columns [from, from + width) of a (1, T, C) activation. */
function columns(data: ArrayLike<number>, T: number, C: number, from: number, width: number): Float32Array {
  return Float32Array.from({ length: T * width }, (_, i) => data[Math.floor(i / width) * C + from + (i % width)]);
}
