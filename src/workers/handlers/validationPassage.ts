// A passage the shipped model never trained on: whole lines from the validation part of the shipped corpus (its
// last 10 %, as the trainer splits it), so the Attention chapter measures heads and losses on unseen text.
import { readShippedFile } from '../../engine';
import { s } from '../schema';
import { method } from './method';

export interface ValidationPassage {
  text: string;
  /** Where the passage lies in the corpus, in characters, and the corpus's name. */
  from: number;
  to: number;
  source: string;
}

const corpusPath = 'data/tinyshakespeare.txt';
let corpus: Promise<string> | null = null;

export const validationPassage = method({
  lane: 'free',
  retry: true,
  params: s.object({
    /** Roughly how many characters; the passage ends at the end of a line. */
    length: s.optional(s.int({ min: 50, max: 50_000 }), 600),
    /** Which passage: 0 is the first after the split, 1 the one after it, … */
    index: s.optional(s.int({ min: 0, max: 1000 }), 0),
  }),
  run: async (p) => {
    corpus ??= readShippedFile(corpusPath).then((bytes) => new TextDecoder().decode(bytes));
    return passageOf(await corpus, p.length, p.index);
  },
});

/** Whole lines of about `length` characters from the last 10 % of `text`; passage `index` follows passage index − 1. */
export function passageOf(text: string, length: number, index: number): ValidationPassage {
  const split = Math.floor(text.length * 0.9);
  let from = text.indexOf('\n', split) + 1;
  for (let k = 0; k <= index; k++) {
    if (k > 0) from = to(text, from, length);
    if (from <= 0 || from >= text.length) throw new Error(`the validation part of ${corpusPath} has no passage ${index + 1} of ${length} characters`);
  }
  const end = to(text, from, length);
  return { text: text.slice(from, end), from, to: end, source: corpusPath };
}

/** The end of the line on which the character `from + length` falls (or the end of the text). */
function to(text: string, from: number, length: number): number {
  const lineEnd = text.indexOf('\n', Math.min(text.length, from + length));
  return lineEnd < 0 ? text.length : lineEnd + 1;
}
