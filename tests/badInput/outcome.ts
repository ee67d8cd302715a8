// How a bad-input case ended, in the reliability issue's terms: a clear message, a correct result, a silent
// misbehaviour (an answer where a refusal was due, or a wrong answer), a raw exception, or a hang. Every case in the
// corpus says which it expects; the summary counts them, with "data lost" checked after each group.
import type { Answer } from '../../src/workers/testing/hostHarness';

export type Outcome =
  | { kind: 'message'; text: string }
  | { kind: 'correct'; text: string }
  | { kind: 'silent'; text: string }
  | { kind: 'exception'; text: string }
  | { kind: 'hang'; text: string };

export type CaseClass = 'text' | 'unicode' | 'number' | 'checkpoint' | 'url' | 'worker' | 'storage';

export interface BadInputCase<Env> {
  cls: CaseClass;
  name: string;
  run: (env: Env) => Promise<Outcome>;
}

/** Error names the engine uses for reader-facing refusals; anything else (TypeError, Error) is a raw exception. */
const clearNames = new Set(['InputError', 'CheckpointError', 'AbortError', 'EngineHungError', 'EngineRestartedError', 'QuotaError', 'LabError']);
/** Leaks of internals into a message: it is then not clear, whatever its name. */
const unclear = /(of|is) undefined|undefined is not|null is not|is not a function|Cannot read prop|\[object Object\]|#NaN|\bat [\w.]+ \(/;

export function classifyAnswer(answer: Answer, expectMessage: RegExp | null, check?: (result: unknown) => string | null): Outcome {
  if (answer.kind === 'error') {
    const { name, message } = answer.error;
    if (!clearNames.has(name)) return { kind: 'exception', text: `${name}: ${message}` };
    if (unclear.test(message)) return { kind: 'exception', text: `unclear: ${message}` };
    if (!expectMessage) return { kind: 'silent', text: `refused input that should work: ${message}` };
    return expectMessage.test(message) ? { kind: 'message', text: message } : { kind: 'silent', text: `wrong message: ${message}` };
  }
  if (expectMessage) return { kind: 'silent', text: `answered instead of refusing (${JSON.stringify(answer.result).slice(0, 120)})` };
  const problem = check?.(answer.result) ?? null;
  return problem ? { kind: 'silent', text: problem } : { kind: 'correct', text: 'ok' };
}

/** Races a promise against a deadline: past it, the case is a hang. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | 'hang'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a synchronous or asynchronous check: a thrown error is classified like a worker's. */
export async function classifyCall(run: () => unknown, expectMessage: RegExp | null, check?: (result: unknown) => string | null): Promise<Outcome> {
  try {
    const result = await run();
    return classifyAnswer({ kind: 'result', id: 0, result }, expectMessage, check);
  } catch (error) {
    const e = error as Error;
    return classifyAnswer({ kind: 'error', id: 0, error: { name: e?.name ?? 'Error', message: e?.message ?? String(error) } }, expectMessage);
  }
}
