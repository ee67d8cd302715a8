// Continues the reader's text — or token ids, to branch a generation without re-tokenizing — token by token with
// the engine's sampler (KV cache, temperature, top-k, top-p, min-p, one seed stream per position), after `forced`
// ids if any. Each token is reported as it comes, with the distribution it was drawn from at every stage and the
// FLOPs it cost. After each token the handler waits for a macrotask, so a cancel message can arrive mid-run.
import { generate as sample, type FlopBreakdown } from '../../engine';
import { reportDistribution, type DistributionReport } from '../distributionReport';
import { nextMacrotask, type EngineState } from '../engineState';
import { explained, promptIds } from '../prompt';

export interface GenerateParams {
  key: string;
  /** The prompt as text, or as token ids (exactly one). */
  text?: string;
  ids?: number[];
  /** Ids to take for the first steps instead of drawing; they count towards maxNewTokens. */
  forced?: number[];
  maxNewTokens: number;
  temperature: number;
  topK?: number;
  topP?: number;
  minP?: number;
  seed: number;
  /** Entries of each token's distribution sent with it (default 10). */
  topCount?: number;
  /** Also send every token's full logits and filtered distribution (Float32Array, V each). */
  full?: boolean;
}

export interface GenerateProgress extends DistributionReport {
  id: number;
  text: string;
  /** Tokens before it, the prompt included (what seeds its draw). */
  position: number;
  forced: boolean;
  flops: FlopBreakdown;
}

export interface GenerateResult {
  /** The new tokens' ids, forced ones included, and their text. */
  ids: number[];
  text: string;
  /** The prompt's ids: with `ids` a page can branch from any point without tokenizing again. */
  promptIds: number[];
}

export async function generate(
  state: EngineState,
  p: GenerateParams,
  report: (progress: GenerateProgress) => void,
  signal: AbortSignal,
): Promise<GenerateResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const prompt = promptIds(tokenizer, p);
  const ids = await explained(() => sample(model, prompt, {
    maxNewTokens: p.maxNewTokens, forced: p.forced,
    temperature: p.temperature, topK: p.topK, topP: p.topP, minP: p.minP, seed: p.seed,
    signal,
    onToken: async (step) => {
      report({
        id: step.id, text: tokenizer.tokenToDisplay(step.id), position: step.position, forced: step.forced, flops: step.flops,
        ...reportDistribution(tokenizer, step.logits, step.distribution, { count: p.topCount ?? 10, full: p.full }),
      });
      await nextMacrotask();
      return !signal.aborted;
    },
  }));
  if (signal.aborted) throw new DOMException('Generation was cancelled.', 'AbortError');
  const before = tokenizer.decode(prompt);
  return { ids, text: tokenizer.decode([...prompt, ...ids]).slice(before.length), promptIds: prompt };
}
