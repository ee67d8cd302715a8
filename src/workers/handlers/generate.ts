// Continues the reader's text token by token with the engine's sampler (KV cache, temperature, top-k, top-p),
// reporting each token as it comes, with the distribution it was drawn from and the FLOPs it cost. After each
// token the handler waits for a macrotask, so a cancel message can arrive mid-run (the engine's generate awaits
// onToken).
import { forwardFlopsPerToken, generate as sample, type FlopBreakdown } from '../../engine';
import { encodeOrExplain, nextMacrotask, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

/** One generated token: what it is, the distribution it was drawn from (top entries) and the arithmetic it cost. */
export interface GeneratedToken {
  id: number;
  text: string;
  top: { id: number; label: string; probability: number }[];
  flops: FlopBreakdown;
}

const generateParams = s.object({
  key: checkpointKey(),
  text: s.string({ maxLength: 100_000 }),
  maxNewTokens: s.int({ min: 1, max: 100_000 }),
  temperature: s.number({ min: 0.01, max: 100 }),
  topK: s.optional(s.int({ min: 0, max: 1_000_000 })),
  topP: s.optional(s.number({ min: 0, max: 1 })),
  seed: s.int({ min: 0, max: 2 ** 32 - 1 }),
});

export const generate = method({
  lane: 'queue',
  retry: true,
  params: generateParams,
  run: (p, { state, progress, signal }: HandlerContext<GeneratedToken>) => generateText(state, p, progress, signal),
});

/** Entries of each token's distribution sent with it. */
const TOP = 10;

export async function generateText(
  state: EngineState,
  p: Infer<typeof generateParams>,
  report: (progress: GeneratedToken) => void,
  signal: AbortSignal,
): Promise<{ text: string; ids: number[] }> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const prompt = encodeOrExplain(tokenizer, p.text);
  let produced = 0;
  const ids = await sample(model, prompt, {
    maxNewTokens: p.maxNewTokens,
    temperature: p.temperature,
    topK: p.topK,
    topP: p.topP,
    seed: p.seed,
    signal,
    onToken: async (id, probs) => {
      const position = prompt.length + produced++; // the new token attends over everything before it
      const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a]).slice(0, TOP);
      report({
        id, text: tokenizer.tokenToDisplay(id), flops: forwardFlopsPerToken(model.config, position),
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
