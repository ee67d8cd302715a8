// Character-level tokenizer: one id per Unicode code point seen in a corpus, sorted by code point.
// Follows nanoGPT's data/shakespeare_char/prepare.py (Tiny Shakespeare gives 65 symbols), iterating by code point
// rather than UTF-16 unit so an emoji is one symbol, not two halves.

import { checkHeader, checkStringArray, fail, isIndex, show } from './json';
import { stringToDisplay } from './display';
import { TOKENIZER_FORMAT, TOKENIZER_VERSION, type CharTokenizerJSON, type Tokenizer } from './types';

export interface CharTokenizerOptions {
  /**
   * A token for characters outside the vocabulary (e.g. "\uFFFD" or "<unk>"). It gets the last id and decodes to
   * this string. Without it, encoding an unknown character throws.
   */
  unk?: string;
}

export class CharTokenizer implements Tokenizer {
  readonly kind = 'char' as const;
  readonly vocabSize: number;
  /** Id of the unknown-character token, or -1 when there is none. */
  readonly unkId: number;
  private readonly symbols: readonly string[];
  private readonly unk: string | null;
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(symbols: string[], unk: string | null) {
    this.symbols = symbols;
    this.unk = unk;
    this.ids = new Map(symbols.map((s, i) => [s, i]));
    this.unkId = unk === null ? -1 : symbols.length;
    this.vocabSize = symbols.length + (unk === null ? 0 : 1);
  }

  /**
   * The vocabulary of a corpus: its distinct code points in code point order.
   * @example CharTokenizer.fromText('hello').encode('hole') // [1, 3, 2, 0]
   */
  static fromText(corpus: string, options: CharTokenizerOptions = {}): CharTokenizer {
    const seen = new Set<string>();
    for (const ch of corpus) seen.add(ch);
    // Sort by code point, not by the default UTF-16 string order, which misplaces astral characters.
    const symbols = [...seen].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
    return CharTokenizer.fromSymbols(symbols, options.unk ?? null);
  }

  /** Builds from an explicit symbol list (id = index); throws on anything that is not one unique code point. */
  static fromSymbols(symbols: readonly string[], unk: string | null = null): CharTokenizer {
    const seen = new Set<string>();
    symbols.forEach((s, i) => {
      if (typeof s !== 'string' || [...s].length !== 1) fail(`"symbols[${i}]" must be exactly one code point, got ${show(s)}`);
      if (seen.has(s)) fail(`"symbols[${i}]" ${show(s)} appears twice`);
      seen.add(s);
    });
    if (unk !== null && (typeof unk !== 'string' || unk === '')) fail(`"unk" must be a non-empty string or null, got ${show(unk)}`);
    return new CharTokenizer([...symbols], unk);
  }

  static fromJSON(json: unknown): CharTokenizer {
    const obj = checkHeader(json, 'char');
    const symbols = checkStringArray(obj.symbols, 'symbols');
    if (obj.unk !== null && typeof obj.unk !== 'string') fail(`"unk" must be a string or null, got ${show(obj.unk)}`);
    return CharTokenizer.fromSymbols(symbols, obj.unk);
  }

  /** Throws an Error naming the first unknown character and where it is, unless built with `unk`. */
  encode(text: string): number[] {
    const out: number[] = [];
    let index = 0; // in code points
    let offset = 0; // in UTF-16 units, what String.prototype.slice uses
    for (const ch of text) {
      const id = this.ids.get(ch);
      if (id !== undefined) out.push(id);
      else if (this.unk !== null) out.push(this.unkId);
      else {
        const cp = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
        throw new Error(
          `Unknown character "${stringToDisplay(ch)}" (U+${cp}) at position ${index} (UTF-16 offset ${offset}): ` +
            `it is not among this char tokenizer's ${this.symbols.length} symbols`,
        );
      }
      index += 1;
      offset += ch.length;
    }
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) out += this.symbolOf(ids[i] as number, i);
    return out;
  }

  /** The symbol an id stands for (the raw string, not escaped). */
  symbolOf(id: number, position = 0): string {
    if (!isIndex(id, this.vocabSize)) {
      throw new RangeError(`Token id ${show(id)} at position ${position} is outside [0, ${this.vocabSize})`);
    }
    return id === this.unkId ? (this.unk as string) : (this.symbols[id] as string);
  }

  tokenToDisplay(id: number): string {
    return stringToDisplay(this.symbolOf(id));
  }

  toJSON(): CharTokenizerJSON {
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_VERSION,
      kind: 'char',
      symbols: [...this.symbols],
      unk: this.unk,
    };
  }
}
