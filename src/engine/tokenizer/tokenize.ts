// Tokenizes a text with any of the book's tokenizers and says where each token sits in it: its UTF-8 bytes and its
// UTF-16 range (what String.prototype.slice takes), so a page can highlight the same characters across tokenizers.
// A byte-level token may hold part of a character (GPT-2 cuts 👍 into pieces); it is marked `partial` and given the
// range of every character it has bytes of, so the page can explain UTF-8 rather than show "\xF0\x9F".
import { BpeTokenizer } from './bpe';
import { CharTokenizer } from './char';
import { preSplit } from './pretokenize';
import { RankedBpe } from './ranked';
import { characterOfByte, utf8Length } from './utf8';
import { WordTokenizer } from './word';

export type AnyTokenizer = CharTokenizer | WordTokenizer | BpeTokenizer | RankedBpe;

export interface TokenSpan {
  id: number;
  /** Readable label (␣ for a space, escapes for invisibles, \xNN for bytes that are not a whole character). */
  label: string;
  /** [start, end) in the text's UTF-8 bytes. */
  bytes: [number, number];
  /** [start, end) in the text's UTF-16 units; for a partial token, every character it has bytes of. */
  chars: [number, number];
  /** The token holds only some of the bytes of a character at its start or its end. */
  partial?: true;
  /** A special token (<|endoftext|>), matched whole in the text. */
  special?: true;
  /** The unknown token (word-level <unk>, a char tokenizer's unk): decoding loses what it covers. */
  unknown?: true;
}

export interface Tokenization {
  tokens: TokenSpan[];
  /** The text's UTF-8 length. */
  byteLength: number;
  /** Token counts with special-token strings read as special tokens, and as plain text (equal if there are none). */
  counts: { specialAsTokens: number; specialAsText: number };
}

export interface TokenizeOptions {
  /** Read special-token strings in the text (<|endoftext|>, <|im_start|>) as special tokens (default: plain text). */
  allowSpecial?: boolean;
}

/**
 * Tokens of `text` with their labels and offsets. Throws, with the offset, on what the tokenizer cannot encode: a lone
 * surrogate for byte-level tokenizers (LoneSurrogateError), a character outside a char tokenizer without unk.
 * @example tokenize(gpt2, 'Hi 👍').tokens.map((t) => t.chars) // [[0, 2], [2, 5], [3, 5]]: " 👍" is cut in two
 */
export function tokenize(tokenizer: AnyTokenizer, text: string, { allowSpecial = false }: TokenizeOptions = {}): Tokenization {
  if (tokenizer instanceof CharTokenizer) return byCodePoint(tokenizer, text);
  if (tokenizer instanceof WordTokenizer) return byWord(tokenizer, text);
  return byBytes(tokenizer, text, allowSpecial);
}

function sameCounts(tokens: TokenSpan[], byteLength: number): Tokenization {
  return { tokens, byteLength, counts: { specialAsTokens: tokens.length, specialAsText: tokens.length } };
}

/** One token per code point. */
function byCodePoint(tokenizer: CharTokenizer, text: string): Tokenization {
  const ids = tokenizer.encode(text);
  const tokens: TokenSpan[] = [];
  let at = 0;
  let byte = 0;
  for (const ch of text) {
    const id = ids[tokens.length];
    const n = utf8Length(ch.codePointAt(0) as number);
    const span: TokenSpan = { id, label: tokenizer.tokenToDisplay(id), bytes: [byte, byte + n], chars: [at, at + ch.length] };
    if (id === tokenizer.unkId) span.unknown = true;
    tokens.push(span);
    at += ch.length;
    byte += n;
  }
  return sameCounts(tokens, byte);
}

/** One token per pre-split chunk, which is exactly how the word tokenizer encodes. */
function byWord(tokenizer: WordTokenizer, text: string): Tokenization {
  const ids = tokenizer.encode(text);
  const tokens: TokenSpan[] = [];
  let at = 0;
  let byte = 0;
  preSplit(text).forEach((chunk, k) => {
    const id = ids[k];
    let n = 0;
    for (const ch of chunk) n += utf8Length(ch.codePointAt(0) as number);
    const span: TokenSpan = { id, label: tokenizer.tokenToDisplay(id), bytes: [byte, byte + n], chars: [at, at + chunk.length] };
    if (id === tokenizer.unkId) span.unknown = true;
    tokens.push(span);
    at += chunk.length;
    byte += n;
  });
  return sameCounts(tokens, byte);
}

/** Byte-level BPE: each token's bytes follow the last one's, and each byte knows its character. */
function byBytes(tokenizer: BpeTokenizer | RankedBpe, text: string, allowSpecial: boolean): Tokenization {
  const withSpecials = (): number[] => (tokenizer instanceof RankedBpe ? tokenizer.encode(text, { allowSpecial: true }) : tokenizer.encode(text));
  const asText = (): number[] => (tokenizer instanceof RankedBpe ? tokenizer.encode(text) : tokenizer.encodeOrdinary(text));
  const ids = allowSpecial ? withSpecials() : asText();
  const hasSpecialText = tokenizer.specialTokens.some((s) => text.includes(s));
  const otherCount = !hasSpecialText ? ids.length : (allowSpecial ? asText() : withSpecials()).length;
  const specialIds = new Set(tokenizer.specialTokens.map((s) => tokenizer.specialTokenId(s)));

  const { start, end } = characterOfByte(text);
  const byteLength = start.length;
  const known = new Map<number, { label: string; length: number }>(); // a long text repeats its tokens
  const tokens: TokenSpan[] = [];
  let byte = 0;
  for (const id of ids) {
    let info = known.get(id);
    if (!info) known.set(id, (info = { label: tokenizer.tokenToDisplay(id), length: tokenizer.tokenBytes(id).length }));
    const b0 = byte;
    const b1 = byte + info.length;
    if (b1 > byteLength) throw new Error(`${describe(tokenizer)}: the tokens hold more bytes than the text (an encoder bug)`);
    const span: TokenSpan = { id, label: info.label, bytes: [b0, b1], chars: [start[b0], end[b1 - 1]] };
    const cutsStart = b0 > 0 && start[b0 - 1] === start[b0];
    const cutsEnd = b1 < byteLength && start[b1] === start[b1 - 1];
    if (cutsStart || cutsEnd) span.partial = true;
    if (specialIds.has(id)) span.special = true;
    tokens.push(span);
    byte = b1;
  }
  if (byte !== byteLength) throw new Error(`${describe(tokenizer)}: the tokens hold ${byte} bytes, the text ${byteLength} (an encoder bug)`);
  const counts = allowSpecial
    ? { specialAsTokens: ids.length, specialAsText: otherCount }
    : { specialAsTokens: otherCount, specialAsText: ids.length };
  return { tokens, byteLength, counts };
}

function describe(tokenizer: BpeTokenizer | RankedBpe): string {
  return tokenizer instanceof RankedBpe ? tokenizer.name : 'BPE';
}
