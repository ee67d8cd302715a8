// Tokenizes a text with any of the book's tokenizers and says where each token sits in it: its UTF-8 bytes and its
// UTF-16 range (what String.prototype.slice takes), so a page can highlight the same characters across tokenizers.
// A byte-level token may hold part of a character (GPT-2 cuts 👍 into pieces); it is marked partial and given the
// range of every character it has bytes of, so the page can explain UTF-8 rather than show "\xF0\x9F".
// The result is columns of typed arrays, not an object per token: 1 MB of text is 300 k tokens, and columns cost a
// tenth of the time to build and to post from the worker.
import { BpeTokenizer } from './bpe';
import { CharTokenizer } from './char';
import { preSplit } from './pretokenize';
import { RankedBpe } from './ranked';
import { characterOfByte, utf8Length } from './utf8';
import { WordTokenizer } from './word';

export type AnyTokenizer = CharTokenizer | WordTokenizer | BpeTokenizer | RankedBpe;

/** Bits of Tokenization.flags. */
export const TOKEN_PARTIAL = 1; // holds only some of the bytes of a character, at its start or its end
export const TOKEN_SPECIAL = 2; // a special token (<|endoftext|>), matched whole in the text
export const TOKEN_UNKNOWN = 4; // the unknown token (word-level <unk>, a char tokenizer's unk): decoding loses it

export interface Tokenization {
  /** Token ids, in order. */
  ids: Int32Array;
  /** Readable label of each id that occurs (␣ for a space, escapes for invisibles, \xNN for part of a character). */
  labels: Record<number, string>;
  /** Token k holds the text's UTF-8 bytes [byteOffsets[k], byteOffsets[k + 1]); the tokens tile the bytes. */
  byteOffsets: Int32Array;
  /** Token k covers text.slice(charStarts[k], charEnds[k]); a partial token, every character it has bytes of. */
  charStarts: Int32Array;
  charEnds: Int32Array;
  /** TOKEN_PARTIAL | TOKEN_SPECIAL | TOKEN_UNKNOWN bits per token. */
  flags: Uint8Array;
  /** Token counts with special-token strings read as special tokens, and as plain text (equal if there are none). */
  counts: { specialAsTokens: number; specialAsText: number };
}

/** One token as an object, for a view that shows a few. */
export interface TokenSpan {
  id: number;
  label: string;
  bytes: [number, number];
  chars: [number, number];
  partial: boolean;
  special: boolean;
  unknown: boolean;
}

export interface TokenizeOptions {
  /** Read special-token strings in the text (<|endoftext|>, <|im_start|>) as special tokens (default: plain text). */
  allowSpecial?: boolean;
}

/**
 * Tokens of `text` with their labels and offsets. Throws, with the offset, on what the tokenizer cannot encode: a lone
 * surrogate for byte-level tokenizers (LoneSurrogateError), a character outside a char tokenizer without unk.
 * @example const t = tokenize(gpt2, 'Hi 👍'); [...t.charStarts] // [0, 2, 3]; charEnds [2, 5, 5]: " 👍" is cut in two
 */
export function tokenize(tokenizer: AnyTokenizer, text: string, { allowSpecial = false }: TokenizeOptions = {}): Tokenization {
  if (tokenizer instanceof CharTokenizer) return byPieces(tokenizer, tokenizer.encode(text), Array.from(text), tokenizer.unkId);
  if (tokenizer instanceof WordTokenizer) return byPieces(tokenizer, tokenizer.encode(text), preSplit(text), tokenizer.unkId);
  return byBytes(tokenizer, text, allowSpecial);
}

export function tokenAt(t: Tokenization, k: number): TokenSpan {
  const id = t.ids[k];
  return {
    id,
    label: t.labels[id],
    bytes: [t.byteOffsets[k], t.byteOffsets[k + 1]],
    chars: [t.charStarts[k], t.charEnds[k]],
    partial: (t.flags[k] & TOKEN_PARTIAL) !== 0,
    special: (t.flags[k] & TOKEN_SPECIAL) !== 0,
    unknown: (t.flags[k] & TOKEN_UNKNOWN) !== 0,
  };
}

function columns(ids: ArrayLike<number>) {
  const n = ids.length;
  return {
    ids: Int32Array.from(ids),
    labels: {} as Record<number, string>,
    byteOffsets: new Int32Array(n + 1),
    charStarts: new Int32Array(n),
    charEnds: new Int32Array(n),
    flags: new Uint8Array(n),
    counts: { specialAsTokens: n, specialAsText: n },
  };
}

/** Char and word tokenizers: one token per piece (a code point, a pre-split chunk), which is how they encode. */
function byPieces(tokenizer: CharTokenizer | WordTokenizer, ids: number[], pieces: string[], unkId: number): Tokenization {
  const t = columns(ids);
  let at = 0;
  pieces.forEach((piece, k) => {
    const id = ids[k];
    t.labels[id] ??= tokenizer.tokenToDisplay(id);
    let bytes = 0;
    for (let i = 0; i < piece.length; i++) {
      const cp = piece.codePointAt(i) as number;
      bytes += utf8Length(cp);
      if (cp > 0xffff) i++;
    }
    t.byteOffsets[k + 1] = t.byteOffsets[k] + bytes;
    t.charStarts[k] = at;
    t.charEnds[k] = at += piece.length;
    if (id === unkId) t.flags[k] = TOKEN_UNKNOWN;
  });
  return t;
}

/** Byte-level BPE: each token's bytes follow the last one's, and each byte knows its character. */
function byBytes(tokenizer: BpeTokenizer | RankedBpe, text: string, allowSpecial: boolean): Tokenization {
  const withSpecials = () => (tokenizer instanceof RankedBpe ? tokenizer.encode(text, { allowSpecial: true }) : tokenizer.encode(text));
  const asText = () => (tokenizer instanceof RankedBpe ? tokenizer.encode(text) : tokenizer.encodeOrdinary(text));
  const ids = allowSpecial ? withSpecials() : asText();
  const t = columns(ids);
  if (tokenizer.specialTokens.some((s) => text.includes(s))) {
    const other = (allowSpecial ? asText() : withSpecials()).length;
    t.counts = allowSpecial ? { specialAsTokens: ids.length, specialAsText: other } : { specialAsTokens: other, specialAsText: ids.length };
  }
  const specialIds = new Set(tokenizer.specialTokens.map((s) => tokenizer.specialTokenId(s)));
  const lengthOf = new Map<number, number>(); // a long text repeats its tokens
  const { start, end } = characterOfByte(text);
  const byteLength = start.length;
  let b0 = 0;
  ids.forEach((id, k) => {
    let length = lengthOf.get(id);
    if (length === undefined) {
      lengthOf.set(id, (length = tokenizer.tokenBytes(id).length));
      t.labels[id] = tokenizer.tokenToDisplay(id);
    }
    const b1 = b0 + length;
    if (b1 > byteLength) throw new Error('tokenize: the tokens hold more bytes than the text (an encoder bug)');
    t.byteOffsets[k + 1] = b1;
    t.charStarts[k] = start[b0];
    t.charEnds[k] = end[b1 - 1];
    const cutsStart = b0 > 0 && start[b0 - 1] === start[b0];
    const cutsEnd = b1 < byteLength && start[b1] === start[b1 - 1];
    t.flags[k] = (cutsStart || cutsEnd ? TOKEN_PARTIAL : 0) | (specialIds.has(id) ? TOKEN_SPECIAL : 0);
    b0 = b1;
  });
  if (b0 !== byteLength) throw new Error(`tokenize: the tokens hold ${b0} bytes, the text ${byteLength} (an encoder bug)`);
  return t;
}
