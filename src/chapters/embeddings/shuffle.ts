// The shuffle test's input: the reader's words in a seeded random order (spaces and line breaks kept with the word
// before them), so the same text and seed always give the same shuffle.

/** Splits after each run of whitespace, shuffles the pieces (Fisher–Yates, seeded), and joins them again. */
export function shuffleWords(text: string, seed: number): string {
  const pieces = text.match(/\S+\s*/g) ?? [];
  const lead = text.match(/^\s*/)?.[0] ?? '';
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: small, seeded, good enough to shuffle a sentence
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  for (let i = pieces.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pieces[i], pieces[j]] = [pieces[j], pieces[i]];
  }
  // The last word keeps the text's ending (no stray trailing space moved into the middle of a line).
  return lead + pieces.map((p) => (/\s$/.test(p) ? p : `${p} `)).join('').trimEnd();
}
