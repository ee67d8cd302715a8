// GPT-2-style pre-splitting: cuts text into chunks (words with their leading space, numbers, punctuation runs,
// whitespace) so BPE merges never cross a chunk boundary. Follows the shape of GPT-2's encoder.py split pattern,
// with one deliberate change: combining marks (\p{M}) count as letters, so "é" written as e + U+0301, Devanagari
// vowel signs or Zalgo text stay inside their word instead of becoming one-mark "punctuation" chunks.

/**
 * The pattern, alternative by alternative (first match wins at each position):
 * - `'(?:[sdmt]|ll|ve|re)`  English contractions, lowercase ASCII apostrophe only, as in GPT-2
 * - ` ?[\p{L}\p{M}]+`       a word, with at most one leading plain space
 * - ` ?\p{N}+`              a run of digits (any script), with one leading space
 * - ` ?[^\s\p{L}\p{M}\p{N}]+` a run of everything else (punctuation, symbols, emoji, ZWJ), with one leading space
 * - `\s+(?!\S)`             whitespace not followed by a non-space: at a word, the last space is left for the word
 * - `\s+`                   any remaining whitespace (at the end of the text)
 * Every code point falls in one of \s, letter/mark, number or "else", so the chunks always cover the whole text.
 */
export const PRE_SPLIT_SOURCE =
  "'(?:[sdmt]|ll|ve|re)| ?[\\p{L}\\p{M}]+| ?\\p{N}+| ?[^\\s\\p{L}\\p{M}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** A fresh global regex each call, so callers never share `lastIndex` state. */
export function preSplitRegex(): RegExp {
  return new RegExp(PRE_SPLIT_SOURCE, 'gu');
}

/**
 * Splits text into pre-tokenization chunks; joining them gives back the text.
 * @example preSplit("Hello, world  it's") // ["Hello", ",", " world", " ", " it", "'s"]
 */
export function preSplit(text: string): string[] {
  return text.match(preSplitRegex()) ?? [];
}

/**
 * Splits text around literal special tokens (longest first where they overlap), keeping them as separate pieces.
 * Returns alternating ordinary text and special tokens; `isSpecial` tells which is which.
 */
export function splitOnSpecials(
  text: string,
  specials: readonly string[],
): { piece: string; isSpecial: boolean }[] {
  if (specials.length === 0) return text === '' ? [] : [{ piece: text, isSpecial: false }];
  const byLength = [...specials].sort((a, b) => b.length - a.length);
  const re = new RegExp(byLength.map(escapeRegExp).join('|'), 'gu');
  const out: { piece: string; isSpecial: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ piece: text.slice(last, at), isSpecial: false });
    out.push({ piece: m[0], isSpecial: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ piece: text.slice(last), isSpecial: false });
  return out;
}

function escapeRegExp(s: string): string {
  // Only syntax characters: with the u flag, escaping anything else (even '-') is a SyntaxError.
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
