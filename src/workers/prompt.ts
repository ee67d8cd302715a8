// The reader's prompt for inspect and generate: text, or token ids a page kept (to branch without re-tokenizing).
import type { Tokenizer } from '../engine';
import { encodeOrExplain, InputError } from './engineState';
import { s } from './schema';

/** The prompt and sampling settings inspect and generate share; the engine checks the ids against the vocabulary. */
export const samplingParams = {
  /** The prompt as text, or as token ids (exactly one). */
  text: s.optional(s.string({ maxLength: 100_000 })),
  ids: s.optional(s.array(s.int({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 100_000 })),
  /** 0: greedy. */
  temperature: s.number({ min: 0, max: 100 }),
  topK: s.optional(s.int({ min: 0, max: 1_000_000 })),
  topP: s.optional(s.number({ min: 0, max: 1 })),
  minP: s.optional(s.number({ min: 0, max: 1 })),
  /** With the position, it seeds each draw: the same seed draws the same token in inspect and in generate. */
  seed: s.int({ min: 0, max: 2 ** 32 - 1 }),
};

/** The prompt's ids, from text or as given (the engine checks ids against the vocabulary). */
export function promptIds(tokenizer: Tokenizer, p: { text?: string; ids?: number[] }): number[] {
  if ((p.text === undefined) === (p.ids === undefined)) throw new InputError('Give the prompt as text or as token ids, not both and not neither.');
  if (p.ids) {
    if (p.ids.length === 0) throw new InputError('The prompt has no tokens: give at least one id.');
    return p.ids;
  }
  return encodeOrExplain(tokenizer, p.text!);
}

/** Runs fn; the engine's RangeErrors (an id outside the vocabulary, a sampling setting) become InputErrors. */
export async function explained<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw error instanceof RangeError ? new InputError(error.message) : error;
  }
}
