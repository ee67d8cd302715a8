// Replays BPE merges, one at a time, on a text the merges were not learned from: after each merge it knows how many
// tokens the text now takes (the compression curve on held-out text) and, for a short passage, which tokens it is
// cut into. Applying merges in rank order, each left to right, gives exactly what BpeTokenizer.encode gives with
// those merges (it too merges the lowest rank first, left to right), so the curve is the tokenizer's, not a guess.
// Like training, it keeps each distinct pre-split chunk once with its frequency and an index of where each pair is.
import { pairKey } from './bpe';
import { preSplit } from './pretokenize';
import { assertWellFormed } from './utf8';

const encoder = new TextEncoder();

export class MergeReplay {
  /** Tokens the whole text takes now. */
  tokenCount = 0;
  private readonly words: number[][] = [];
  private readonly freqs: number[] = [];
  private readonly order: number[]; // the text's chunks in order, as indices into words
  private readonly where = new Map<number, Set<number>>(); // pairKey → words that may hold the pair

  /** Throws a LoneSurrogateError on a lone surrogate (UTF-8 cannot carry it). */
  constructor(text: string) {
    assertWellFormed(text);
    const indexOf = new Map<string, number>();
    this.order = preSplit(text).map((chunk) => {
      let w = indexOf.get(chunk);
      if (w === undefined) {
        w = this.words.length;
        indexOf.set(chunk, w);
        this.words.push(Array.from(encoder.encode(chunk)));
        this.freqs.push(0);
      }
      this.freqs[w] += 1;
      return w;
    });
    this.words.forEach((word, w) => {
      this.tokenCount += word.length * this.freqs[w];
      for (let i = 0; i + 1 < word.length; i++) this.index(pairKey(word[i], word[i + 1]), w);
    });
  }

  /** Merges (left, right) into `id` everywhere; returns how many times it did (so the count drops by as much). */
  apply(left: number, right: number, id: number): number {
    const key = pairKey(left, right);
    let replaced = 0;
    for (const w of this.where.get(key) ?? []) {
      const word = this.words[w];
      const merged: number[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === left && word[i + 1] === right) {
          merged.push(id);
          i++;
        } else merged.push(word[i]);
      }
      const times = word.length - merged.length;
      if (times === 0) continue; // a stale index entry
      replaced += times * this.freqs[w];
      for (let i = 0; i + 1 < merged.length; i++) if (merged[i] === id || merged[i + 1] === id) this.index(pairKey(merged[i], merged[i + 1]), w);
      this.words[w] = merged;
    }
    this.where.delete(key);
    this.tokenCount -= replaced;
    return replaced;
  }

  /** The text's tokens now, in order (meant for a short passage: it builds the whole list). */
  tokens(): number[] {
    return this.order.flatMap((w) => this.words[w]);
  }

  private index(key: number, w: number): void {
    const set = this.where.get(key);
    if (set === undefined) this.where.set(key, new Set([w]));
    else set.add(w);
  }
}
