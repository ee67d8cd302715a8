// The contract every tokenizer in the book meets, and its versioned JSON form (saved with checkpoints, shipped in
// public/models). Follows the split of nanoGPT's meta.pkl (char) and GPT-2's vocab + merges files (bpe), in one format.

export type TokenizerKind = 'char' | 'bpe' | 'word' | 'ranked';

export const TOKENIZER_FORMAT = 'tbt-tokenizer';
export const TOKENIZER_VERSION = 1;

/** A reversible text ↔ ids mapping; ids are integers in [0, vocabSize). */
export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  encode(text: string): number[];
  /** Throws a RangeError on an id outside [0, vocabSize). */
  decode(ids: ArrayLike<number>): string;
  /** A one-line readable label for a token (␣ for space, escapes for invisibles and broken UTF-8). */
  tokenToDisplay(id: number): string;
  toJSON(): TokenizerJSON;
}

interface JSONHeader {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_VERSION;
}

/** Char tokenizer: id i is symbols[i] (one code point each); `unk`, if set, is one more id at the end. */
export interface CharTokenizerJSON extends JSONHeader {
  kind: 'char';
  symbols: string[];
  unk: string | null;
}

/**
 * Byte-level BPE: ids 0..255 are the bytes; merge r makes id 256 + r from the pair [left, right]; special token k
 * has id 256 + merges.length + k. `vocabSize` is redundant on purpose: it catches truncated files.
 */
export interface BpeTokenizerJSON extends JSONHeader {
  kind: 'bpe';
  pattern: 'tbt-gpt2';
  vocabSize: number;
  merges: [number, number][];
  specialTokens: string[];
}

/** Word-level: id i is words[i] (a pre-split chunk, leading space included); <unk> is one more id at the end. */
export interface WordTokenizerJSON extends JSONHeader {
  kind: 'word';
  words: string[];
}

/** A production tokenizer by name (GPT-2's r50k_base for a GPT-2 model); its rank table ships in public/tokenizers/. */
export interface RankedTokenizerJSON extends JSONHeader {
  kind: 'ranked';
  encoding: 'r50k_base' | 'o200k_base';
}

export type TokenizerJSON = CharTokenizerJSON | BpeTokenizerJSON | WordTokenizerJSON | RankedTokenizerJSON;
