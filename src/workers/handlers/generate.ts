// Continues the reader's text — or token ids, to branch a generation without re-tokenizing — token by token with
// the engine's sampler (KV cache, temperature, top-k, top-p, min-p, one seed stream per position), after `forced`
// ids if any. Each token is reported as it comes, with the distribution it was drawn from at every stage and the
// FLOPs of the pass that produced it. After each token the handler waits for a macrotask, so a cancel message can
// arrive mid-run (the engine's generate awaits onToken).
import { generate as sample, type FlopBreakdown } from '../../engine';
import { reportDistribution, type DistributionReport } from '../distributionReport';
import { nextMacrotask, type EngineState } from '../engineState';
import { explained, promptIds, samplingParams } from '../prompt';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

/** One generated token: what it is, the distribution it was drawn from and the arithmetic it cost. */
export interface GeneratedToken extends DistributionReport {
  id: number;
  text: string;
  /** Tokens before it, the prompt included (with the seed, it picks the draw). */
  position: number;
  /** True when it came from `forced` instead of a draw. */
  forced: boolean;
  flops: FlopBreakdown;
  /** True when this drawn token completed the `stop` sequence (the run ends with it). */
  completesStop?: boolean;
}

export interface GenerateResult {
  /** The new tokens' ids (forced ones included) and their text. */
  ids: number[];
  text: string;
  /** The prompt's ids: a page can branch from any point of prompt + ids without tokenizing again. */
  promptIds: number[];
}

const generateParams = s.object({
  key: checkpointKey(),
  ...samplingParams,
  /** Ids taken for the first steps instead of drawing; they count towards maxNewTokens. */
  forced: s.optional(s.array(s.int({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 100_000 })),
  maxNewTokens: s.int({ min: 1, max: 100_000 }),
  /** Entries of each token's distribution sent with it. */
  topCount: s.optional(s.int({ min: 1, max: 1000 }), 10),
  /** Also send every token's full logits and filtered distribution (Float32Array, V each). */
  full: s.optional(s.boolean(), false),
  /** Stop once drawn tokens complete this text (the token that completes it is kept); forced tokens never stop. */
  stop: s.optional(s.string({ minLength: 1, maxLength: 100 })),
});

export const generate = method({
  lane: 'queue',
  retry: true,
  params: generateParams,
  run: (p, { state, progress, signal }: HandlerContext<GeneratedToken>) => generateText(state, p, progress, signal),
});

export async function generateText(
  state: EngineState,
  p: Infer<typeof generateParams>,
  report: (progress: GeneratedToken) => void,
  signal: AbortSignal,
): Promise<GenerateResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const prompt = promptIds(tokenizer, p);
  const drawn: number[] = [];
  // Each token is at least one byte, so the stop sequence lies within the last (its UTF-8 length) drawn tokens.
  const stopLength = p.stop === undefined ? 0 : new TextEncoder().encode(p.stop).length;
  const completesStop = (step: { id: number; forced: boolean }) => {
    if (p.stop === undefined || step.forced) return false;
    drawn.push(step.id);
    return tokenizer.decode(drawn.slice(-stopLength)).includes(p.stop);
  };
  const ids = await explained(() => sample(model, prompt, {
    maxNewTokens: p.maxNewTokens, forced: p.forced,
    temperature: p.temperature, topK: p.topK, topP: p.topP, minP: p.minP, seed: p.seed,
    signal,
    onToken: async (step) => {
      const isStop = completesStop(step);
      report({
        id: step.id, text: tokenizer.tokenToDisplay(step.id), position: step.position, forced: step.forced, flops: step.flops,
        ...reportDistribution(tokenizer, step.logits, step.distribution, { count: p.topCount, full: p.full }),
        ...(isStop ? { completesStop: true } : {}),
      });
      await nextMacrotask();
      return !signal.aborted && !isStop;
    },
  }));
  if (signal.aborted) throw new DOMException('Generation was cancelled.', 'AbortError');
  const before = tokenizer.decode(prompt);
  return { ids, text: tokenizer.decode([...prompt, ...ids]).slice(before.length), promptIds: prompt };
}
