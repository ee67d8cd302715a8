// Continues the reader's text token by token with the engine's sampler (KV cache, temperature, top-k, top-p),
// reporting each token as it comes, with the distribution it was drawn from and the FLOPs it cost. After each
// token the handler waits for a macrotask, so a cancel message can arrive mid-run (the engine's generate awaits
// onToken).
import { generate as sample } from '../../engine';
import { encodeOrExplain, nextMacrotask, type EngineState } from '../engineState';
import type { ParamsOf, ProgressOf, ResultOf } from '../protocol';

/** Entries of each token's distribution sent with it. */
const TOP = 10;

export async function generate(
  state: EngineState,
  p: ParamsOf<'generate'>,
  report: (progress: ProgressOf<'generate'>) => void,
  signal: AbortSignal,
): Promise<ResultOf<'generate'>> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const prompt = encodeOrExplain(tokenizer, p.text);
  const ids = await sample(model, prompt, {
    maxNewTokens: p.maxNewTokens,
    temperature: p.temperature,
    topK: p.topK,
    topP: p.topP,
    seed: p.seed,
    signal,
    onToken: async ({ id, distribution, flops }) => {
      const probs = distribution.filtered;
      const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a]).slice(0, TOP);
      report({
        id, text: tokenizer.tokenToDisplay(id), flops,
        top: order.filter((t) => probs[t] > 0).map((t) => ({ id: t, label: tokenizer.tokenToDisplay(t), probability: probs[t] })),
      });
      await nextMacrotask();
      return !signal.aborted;
    },
  });
  if (signal.aborted) throw new DOMException('Generation was cancelled.', 'AbortError');
  const before = tokenizer.decode(prompt);
  return { ids, text: tokenizer.decode([...prompt, ...ids]).slice(before.length) };
}
