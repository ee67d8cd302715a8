// Text continued by a model with parts switched off (heads, a layer's attention, all attention), drawn with the same
// seed stream as `generate`, so the Attention chapter can set the full model's continuation beside the crippled
// one's. No KV cache: every token is a full forward pass over the last blockSize tokens, with the ablation applied.
import { checkAblation, filterDistribution, drawToken, noGrad, tensor, tidy, type Ablation } from '../../engine';
import { encodeOrExplain, InputError, nextMacrotask } from '../engineState';
import { s } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

export interface AblatedSampleProgress {
  done: number;
  total: number;
  /** The text generated so far. */
  text: string;
}

const switches = s.optional(s.array(s.number({ min: 0, max: 1 }), { maxLength: 1000 }));

export const ablatedSample = method({
  lane: 'queue',
  retry: true,
  params: s.object({
    key: checkpointKey(),
    text: s.string({ maxLength: 100_000 }),
    maxNewTokens: s.int({ min: 1, max: 500 }),
    seed: s.optional(s.int({ min: 0, max: 2 ** 31 - 1 }), 0),
    temperature: s.optional(s.number({ min: 0.05, max: 5 }), 1),
    ablation: s.optional(s.object({
      heads: s.optional(s.array(s.array(s.number({ min: 0, max: 1 }), { maxLength: 1000 }), { maxLength: 1000 })),
      attn: switches,
      mlp: switches,
    })),
  }),
  run: async (p, { state, progress, signal }: HandlerContext<AblatedSampleProgress>) => {
    const { model, tokenizer } = state.get(p.key).loaded;
    const { nLayer, nHead, blockSize, vocabSize: V } = model.config;
    const ablation: Ablation = p.ablation ?? {};
    try {
      checkAblation(ablation, nLayer, nHead);
    } catch (error) {
      throw new InputError(`This model has ${nLayer} layers of ${nHead} heads: ${(error as Error).message}.`);
    }
    const ids = encodeOrExplain(tokenizer, p.text);
    const start = ids.length;
    for (let n = 0; n < p.maxNewTokens; n++) {
      if (signal.aborted) throw signal.reason ?? new Error('cancelled');
      const context = ids.slice(-blockSize), T = context.length;
      const logits = tidy(() => noGrad(() => model.forward(tensor(context, [1, T]), { ablation }).logits));
      const values = (await logits.data()).slice((T - 1) * V, T * V);
      logits.dispose();
      ids.push(drawToken(filterDistribution(values, { temperature: p.temperature }), p.seed, ids.length));
      progress({ done: n + 1, total: p.maxNewTokens, text: tokenizer.decode(ids.slice(start)) });
      await nextMacrotask(); // lets a cancel arrive between tokens
    }
    return { ids: ids.slice(start), text: tokenizer.decode(ids.slice(start)) };
  },
});
