// Word-level tokenizer: one id per frequent word of a corpus, and one id for every word it never kept (<unk>) — the
// classic vocabulary before subwords, here to show what BPE fixes. Words are the GPT-2-style pre-split chunks (a word
// with its leading space, a number, a punctuation run, whitespace), so decoding the known words gives the text back.
import { preSplit } from './pretokenize';
import { stringToDisplay } from './display';
import { checkHeader, checkStringArray, fail } from './json';
import { TOKENIZER_FORMAT, TOKENIZER_VERSION, type Tokenizer, type WordTokenizerJSON } from './types';

export const UNK = '<unk>';

export interface WordTokenizerOptions {
  /** Most words kept, the most frequent first (ties in order of first appearance); <unk> is one more id. */
  maxWords?: number;
  /** Words seen fewer times are left out (default 1: every word seen, up to maxWords). */
  minCount?: number;
}

export class WordTokenizer implements Tokenizer {
  readonly kind = 'word' as const;
  readonly vocabSize: number;
  /** Id of <unk>, always the last. */
  readonly unkId: number;
  private readonly words: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(words: string[]) {
    this.words = words;
    this.ids = new Map(words.map((w, i) => [w, i]));
    this.unkId = words.length;
    this.vocabSize = words.length + 1;
  }

  /**
   * The vocabulary of a corpus.
   * @example WordTokenizer.fromText('the cat and the hat', { maxWords: 2 }).encode('the bat') // [0, 2] (2 = <unk>)
   */
  static fromText(corpus: string, { maxWords = 10_000, minCount = 1 }: WordTokenizerOptions = {}): WordTokenizer {
    const counts = new Map<string, number>();
    for (const word of preSplit(corpus)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const kept = [...counts].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1]).slice(0, maxWords);
    return new WordTokenizer(kept.map(([w]) => w)); // a stable sort keeps first appearance among equal counts
  }

  /** Rebuilds a saved vocabulary (validated first: a TokenizerFormatError names the field). */
  static fromJSON(json: unknown): WordTokenizer {
    const obj = checkHeader(json, 'word');
    const words = checkStringArray(obj.words, 'words');
    const seen = new Set<string>();
    words.forEach((w, i) => {
      if (w.length === 0) fail(`"words[${i}]" is empty`);
      if (seen.has(w)) fail(`"words[${i}]" repeats ${JSON.stringify(w)}`);
      seen.add(w);
    });
    return new WordTokenizer([...words]);
  }

  toJSON(): WordTokenizerJSON {
    return { format: TOKENIZER_FORMAT, version: TOKENIZER_VERSION, kind: 'word', words: [...this.words] };
  }

  encode(text: string): number[] {
    return preSplit(text).map((w) => this.ids.get(w) ?? this.unkId);
  }

  /** <unk> decodes to "<unk>": the word it replaced is gone, which is the point of the comparison. */
  decode(ids: ArrayLike<number>): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) out += this.word(ids[i]);
    return out;
  }

  tokenToDisplay(id: number): string {
    return id === this.unkId ? UNK : stringToDisplay(this.word(id));
  }

  /** Share of a text's words the vocabulary knows (1 − the share that become <unk>). */
  coverage(text: string): number {
    const ids = this.encode(text);
    return ids.length === 0 ? 1 : ids.filter((id) => id !== this.unkId).length / ids.length;
  }

  private word(id: number): string {
    if (id === this.unkId) return UNK;
    const w = this.words[id];
    if (w === undefined) throw new RangeError(`no word has id ${id}; the vocabulary has ${this.vocabSize} ids`);
    return w;
  }
}
