// "dog bites man" against "man bites dog": the first block's attention over the reader's two orderings of the same
// tokens, with the model's positions switched off and on. Without positions attention sees a set, so each token's
// output is the same in both orders (only listed in another order). The causal mask is lifted here, as in an
// encoder, because the mask itself leaks order (the first token can see only itself); the chapter says so.
import { noGrad, ops, tensor, tidy, withBackend, type GPT } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import type { PipelineToken } from './inspect';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface WordOrderPair {
  /** The token's index in the first text and in the second. */
  first: number;
  second: number;
  label: string;
  /** Largest difference between the token's two output vectors, positions off and on. */
  differenceOff: number;
  differenceOn: number;
  /** Largest absolute entry of the token's output (positions on) in the first text: the scale to read them by. */
  size: number;
}

export interface WordOrderResult {
  tokens: [PipelineToken[], PipelineToken[]];
  width: number;
  positional: string;
  /** Attention outputs of the first block, (T, C) per text, positions off and on. */
  off: [Float32Array, Float32Array];
  on: [Float32Array, Float32Array];
  pairs: WordOrderPair[];
}

const orderParams = s.object({ key: checkpointKey(), first: s.string({ maxLength: 2000 }), second: s.string({ maxLength: 2000 }) });

export const wordOrder = method({
  lane: 'queue',
  retry: true,
  params: orderParams,
  run: (p, { state }) => compareOrders(state, p),
});

async function compareOrders(state: EngineState, p: Infer<typeof orderParams>): Promise<WordOrderResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const a = encodeOrExplain(tokenizer, p.first), b = encodeOrExplain(tokenizer, p.second);
  const T = model.config.blockSize;
  if (a.length > T || b.length > T) throw new InputError(`Keep each text within the model's context of ${T} tokens.`);
  if (a.length !== b.length || [...a].sort((x, y) => x - y).join() !== [...b].sort((x, y) => x - y).join()) {
    throw new InputError('The two texts must hold the same tokens in another order (try “ dog bites man” and “ man bites dog”, each word after a space).');
  }
  const C = model.config.nEmbd;
  const off = [attentionOf(model, a, false), attentionOf(model, b, false)] as [Float32Array, Float32Array];
  const on = [attentionOf(model, a, true), attentionOf(model, b, true)] as [Float32Array, Float32Array];
  const used = new Set<number>();
  const pairs = a.map((id, i) => {
    const j = b.findIndex((other, k) => other === id && !used.has(k));
    used.add(j);
    const rowOf = (m: Float32Array, t: number) => m.subarray(t * C, (t + 1) * C);
    const largest = (x: Float32Array, y: Float32Array) => x.reduce((m, v, d) => Math.max(m, Math.abs(v - y[d])), 0);
    return {
      first: i, second: j, label: tokenizer.tokenToDisplay(id),
      differenceOff: largest(rowOf(off[0], i), rowOf(off[1], j)),
      differenceOn: largest(rowOf(on[0], i), rowOf(on[1], j)),
      size: rowOf(on[0], i).reduce((m, v) => Math.max(m, Math.abs(v)), 0),
    };
  });
  const labels = (ids: number[]) => ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) }));
  return { tokens: [labels(a), labels(b)], width: C, positional: model.config.positional, off, on, pairs };
}

/** The first block's attention output (T, C), every token seeing every other, with or without positions. */
function attentionOf(model: GPT, ids: number[], withPositions: boolean): Float32Array {
  return Float32Array.from(withBackend(model.backend, () => tidy(() => noGrad(() => {
    const T = ids.length;
    const tokens = model.tokenVectors(tensor(ids, [1, T]));
    const positions = withPositions ? model.positionVectors(0, T) : null;
    const x = positions ? ops.add(tokens, positions) : tokens;
    const block = model.h[0];
    const rope = withPositions && model.config.positional === 'rope';
    return block.attn.forward(block.ln_1.forward(x), { layer: 0, start: 0, training: false, rng: model.rng, rope, causal: false }).toArray();
  }))));
}
