// Production tokenizers from their published rank tables — GPT-2's r50k_base and GPT-4o's o200k_base — so a page can
// set them beside the BPE the reader trains. The tables are OpenAI's tiktoken files (one "base64(bytes) rank" line
// per token; the rank is the id). Encoding is byte-level BPE by rank, as tiktoken documents it: the text is cut by
// the tokenizer's own pre-split pattern, each piece starts as single bytes, and the adjacent pair whose joined bytes
// has the lowest rank merges first, until no joined pair is in the table.
import { bytesToDisplay } from './display';

/** GPT-2 (r50k_base): contractions, words and numbers with one leading space, other runs, whitespace. */
export const GPT2_SPLIT_SOURCE = "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const CONTRACTION = "(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?";
/**
 * GPT-4o (o200k_base): a word is an optional leading non-letter, capitals then lower-case letters (so "HelloWorld"
 * splits in two), with a contraction in any case; numbers in groups of at most three digits; punctuation runs keep
 * their newlines and slashes; newlines group with the whitespace before them.
 */
export const O200K_SPLIT_SOURCE = [
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+${CONTRACTION}`,
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*${CONTRACTION}`,
  '\\p{N}{1,3}',
  ' ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*',
  '\\s*[\\r\\n]+',
  '\\s+(?!\\S)',
  '\\s+',
].join('|');

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes as a string of char codes 0–255: a cheap, exact Map key for a byte sequence. */
function byteString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export class RankedBpe {
  readonly vocabSize: number;
  private readonly ranks = new Map<string, number>();
  private readonly tokens: string[] = [];
  private readonly cache = new Map<string, number[]>();
  private readonly split: RegExp;

  private constructor(readonly name: string, table: string, splitSource: string) {
    this.split = new RegExp(splitSource, 'gu'); // matchAll works on a copy, so sharing it between calls is safe
    for (const line of table.split('\n')) {
      if (line.trim() === '') continue;
      const [b64, rankText] = line.trim().split(/\s+/);
      const rank = Number(rankText);
      if (!b64 || !Number.isInteger(rank) || rank < 0) throw new Error(`${name}: not a tiktoken line: "${line.slice(0, 40)}"`);
      const bytes = atob(b64); // a binary string: one char per byte, exactly our key form
      this.ranks.set(bytes, rank);
      this.tokens[rank] = bytes;
    }
    if (this.ranks.size === 0) throw new Error(`${name}: the rank table is empty`);
    this.vocabSize = this.tokens.length;
  }

  /**
   * @param table a tiktoken file's text ("IQ== 0\nIg== 1\n…")
   * @param splitSource the tokenizer's pre-split pattern (GPT2_SPLIT_SOURCE, O200K_SPLIT_SOURCE)
   * @example const gpt2 = RankedBpe.fromTiktoken('GPT-2', r50kText, GPT2_SPLIT_SOURCE); gpt2.encode('Hello world') // [15496, 995]
   */
  static fromTiktoken(name: string, table: string, splitSource: string): RankedBpe {
    return new RankedBpe(name, table, splitSource);
  }

  /** Token ids for any text (special-token strings such as <|endoftext|> are encoded as ordinary text). */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const [piece] of text.matchAll(this.split)) ids.push(...this.encodePiece(piece));
    return ids;
  }

  decode(ids: ArrayLike<number>): string {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < ids.length; i++) parts.push(this.tokenBytes(ids[i]));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.length; }
    return decoder.decode(all);
  }

  /** The bytes a token stands for (a piece of UTF-8 that need not be valid on its own). */
  tokenBytes(id: number): Uint8Array {
    const s = this.tokens[id];
    if (s === undefined) throw new RangeError(`${this.name} has no token ${id}`);
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  }

  tokenToDisplay(id: number): string {
    return bytesToDisplay(this.tokenBytes(id));
  }

  /** One pre-split piece: whole if it is a token, else merged pair by pair, lowest rank first. */
  private encodePiece(piece: string): number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const bytes = byteString(encoder.encode(piece));
    const whole = this.ranks.get(bytes);
    const ids = whole !== undefined ? [whole] : this.mergeByRank(bytes);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(piece, ids);
    return ids;
  }

  private mergeByRank(bytes: string): number[] {
    // parts[i] is a run of bytes; pairRank[i] the rank of parts[i] + parts[i + 1] (Infinity: not a token).
    const parts = Array.from(bytes);
    const rankOf = (i: number) => this.ranks.get(parts[i] + parts[i + 1]) ?? Infinity;
    const pairRank = parts.slice(0, -1).map((_, i) => rankOf(i));
    for (;;) {
      let best = -1;
      for (let i = 0; i < pairRank.length; i++) if (pairRank[i] < (best < 0 ? Infinity : pairRank[best])) best = i;
      if (best < 0) break;
      parts.splice(best, 2, parts[best] + parts[best + 1]);
      pairRank.splice(best, 1);
      if (best < pairRank.length) pairRank[best] = rankOf(best);
      if (best > 0) pairRank[best - 1] = rankOf(best - 1);
    }
    return parts.map((p) => {
      const id = this.ranks.get(p);
      if (id === undefined) throw new Error(`${this.name}: the byte ${p.charCodeAt(0)} has no token (is the table complete?)`);
      return id;
    });
  }
}
