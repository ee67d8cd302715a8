// Continues the reader's text token by token with the engine's sampler (KV cache, temperature, top-k, top-p),
// reporting each token as it comes. The engine's generate() never yields to the event loop, so a cancel message
// could not arrive mid-run; we sample in short runs and yield between them (each run re-reads the context once).
import { generate as sample } from '../../engine';
import { encodeOrExplain, type EngineState } from '../engineState';
import type { ParamsOf, ProgressOf, ResultOf } from '../protocol';

const tokensPerRun = 8;
const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function generate(
  state: EngineState,
  p: ParamsOf<'generate'>,
  report: (progress: ProgressOf<'generate'>) => void,
  signal: AbortSignal,
): Promise<ResultOf<'generate'>> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const prompt = encodeOrExplain(tokenizer, p.text);
  const context = [...prompt];
  for (let run = 0; context.length - prompt.length < p.maxNewTokens; run++) {
    await nextMacrotask();
    if (signal.aborted) throw new DOMException('Generation was cancelled.', 'AbortError');
    const ids = await sample(model, context, {
      maxNewTokens: Math.min(tokensPerRun, p.maxNewTokens - (context.length - prompt.length)),
      temperature: p.temperature,
      topK: p.topK,
      topP: p.topP,
      seed: (p.seed + Math.imul(run, 0x9e3779b1)) >>> 0,
      onToken: (id) => report({ id, text: tokenizer.tokenToDisplay(id) }),
    });
    context.push(...ids);
  }
  const ids = context.slice(prompt.length);
  const before = tokenizer.decode(prompt);
  return { ids, text: tokenizer.decode(context).slice(before.length) };
}
