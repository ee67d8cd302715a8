// Production tokenizers from their published rank tables — GPT-2's r50k_base and GPT-4o's o200k_base (encodings.ts)
// — so a page can set them beside the BPE the reader trains. Encoding is byte-level BPE by rank, as tiktoken
// documents it: the text is cut by the tokenizer's own pre-split pattern, each piece starts as single bytes, and the
// adjacent pair whose joined bytes has the lowest rank (the leftmost on a tie) merges first, until no joined pair is
// in the table. Special tokens (<|endoftext|>) are matched literally first, but only when the caller allows them.
import { bytesToDisplay } from './display';
import { MinHeap } from './heap';
import { splitOnSpecials } from './pretokenize';
import { parseTiktoken } from './rankTable';
import { assertWellFormed } from './utf8';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keep a leading U+FEFF: it is text, not a marker
const CACHE_LIMIT = 50_000; // piece encodings kept; pieces are words, so a few thousand cover most prose
const CACHE_MAX_PIECE = 256; // longer pieces are rare and would crowd the cache
const POS_SPAN = 2 ** 32; // heap priority = rank * POS_SPAN + position, exact below 2^53

/** Bytes as a string of char codes 0–255: a cheap, exact Map key for a byte sequence, and cheap to slice. */
function byteString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export interface RankedEncodeOptions {
  /** Encode special-token strings in the text as their special ids (default false: as ordinary text). */
  allowSpecial?: boolean;
}

export class RankedBpe {
  readonly vocabSize: number;
  readonly specialTokens: readonly string[];
  private readonly ranks = new Map<string, number>(); // byte string → rank (= id), ordinary tokens only
  private readonly tokens: string[] = []; // id → byte string, special tokens included
  private readonly specialIds: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, number[]>();
  private readonly split: RegExp;

  private constructor(
    readonly name: string,
    tokens: readonly Uint8Array[],
    splitSource: string,
    specials: Readonly<Record<string, number>>,
  ) {
    if (tokens.length === 0) throw new Error(`${name}: the rank table is empty`);
    this.split = new RegExp(splitSource, 'gu'); // matchAll works on a copy, so sharing it between calls is safe
    tokens.forEach((bytes, rank) => {
      const key = byteString(bytes);
      this.ranks.set(key, rank);
      this.tokens[rank] = key;
    });
    for (let b = 0; b < 256; b++) {
      if (!this.ranks.has(String.fromCharCode(b))) throw new Error(`${name}: the byte ${b} has no token (is the table complete?)`);
    }
    for (const [text, id] of Object.entries(specials)) {
      if (this.tokens[id] !== undefined) throw new Error(`${name}: special token ${text} reuses id ${id}`);
      this.tokens[id] = byteString(encoder.encode(text));
    }
    this.specialIds = new Map(Object.entries(specials));
    this.specialTokens = [...this.specialIds.keys()];
    this.vocabSize = this.tokens.length;
  }

  /**
   * @param tokens each token's bytes, indexed by rank (rankTable.ts reads them from a shipped file or a tiktoken file)
   * @param splitSource the tokenizer's pre-split pattern (GPT2_SPLIT_SOURCE, O200K_SPLIT_SOURCE)
   * @param specials special tokens and their ids, e.g. { '<|endoftext|>': 50256 }
   * @example (await loadRankedBpe('r50k_base')).encode('Hello world') // [15496, 995]
   */
  static fromTokens(name: string, tokens: readonly Uint8Array[], splitSource: string, specials: Readonly<Record<string, number>> = {}): RankedBpe {
    return new RankedBpe(name, tokens, splitSource, specials);
  }

  /** From a tiktoken file's text ("IQ== 0\nIg== 1\n…"). */
  static fromTiktoken(name: string, table: string, splitSource: string, specials: Readonly<Record<string, number>> = {}): RankedBpe {
    return new RankedBpe(name, parseTiktoken(table), splitSource, specials);
  }

  /**
   * Token ids for any well-formed text; throws a LoneSurrogateError (naming the offset) for a lone surrogate, which
   * UTF-8 cannot carry. Special-token strings are ordinary text unless `allowSpecial`.
   */
  encode(text: string, { allowSpecial = false }: RankedEncodeOptions = {}): number[] {
    assertWellFormed(text);
    const ids: number[] = [];
    if (!allowSpecial) this.encodeOrdinaryInto(text, ids);
    else {
      for (const { piece, isSpecial } of splitOnSpecials(text, this.specialTokens)) {
        if (isSpecial) ids.push(this.specialIds.get(piece) as number);
        else this.encodeOrdinaryInto(piece, ids);
      }
    }
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

  /** The id of a special token, or undefined. */
  specialTokenId(token: string): number | undefined {
    return this.specialIds.get(token);
  }

  /**
   * The tokens a token was merged from: its bytes encoded with only the ranks below its own (tiktoken ships ranks,
   * not merges, so the last merge is found again this way). Two parts for a token training made; a single byte,
   * or a special token, has none. A few GPT-2 tokens were never reachable by merging and come apart into more.
   * @example gpt2.partsOf(gpt2.encode(' the')[0]) // [220, 1169]: " " + "the"
   */
  partsOf(id: number): number[] {
    const bytes = this.tokens[id];
    if (bytes === undefined) throw new RangeError(`${this.name} has no token ${id}`);
    if (this.ranks.get(bytes) !== id || bytes.length === 1) return [];
    return this.mergeByRank(bytes, id);
  }

  private encodeOrdinaryInto(text: string, ids: number[]): void {
    for (const [piece] of text.matchAll(this.split)) {
      let pieceIds = this.cache.get(piece);
      if (pieceIds === undefined) {
        const bytes = byteString(encoder.encode(piece));
        const whole = this.ranks.get(bytes);
        pieceIds = whole !== undefined ? [whole] : this.mergeByRank(bytes);
        if (piece.length <= CACHE_MAX_PIECE) {
          // Map keeps insertion order, so the first key is the oldest entry.
          if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
          this.cache.set(piece, pieceIds);
        }
      }
      for (const id of pieceIds) ids.push(id);
    }
  }

  /**
   * Merges one piece's bytes by rank. The parts are a linked list over the piece (part i holds bytes [i, end[i]));
   * a heap of (rank, position) finds the next merge, so a piece of n bytes costs O(n log n), not the O(n²) of
   * rescanning every pair after each merge — 128 k letters without a space are one piece. Heap entries go stale
   * when a neighbour merges; a stale entry no longer matches its pair's rank and is skipped.
   */
  private mergeByRank(piece: string, belowRank = Infinity): number[] {
    const n = piece.length;
    const end = new Int32Array(n); // -1: absorbed into the part on its left
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      end[i] = i + 1;
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const pairRank = (i: number) => {
      const rank = next[i] < 0 ? undefined : this.ranks.get(piece.slice(i, end[next[i]]));
      return rank !== undefined && rank < belowRank ? rank : undefined;
    };
    const heap = new MinHeap<number>((a, b) => a < b);
    const consider = (i: number) => {
      const rank = i < 0 ? undefined : pairRank(i);
      if (rank !== undefined) heap.push(rank * POS_SPAN + i);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    while (heap.size > 0) {
      const entry = heap.pop() as number;
      const rank = Math.floor(entry / POS_SPAN);
      const i = entry - rank * POS_SPAN;
      // A rank names one byte string, so a matching rank means the pair at i is still the one pushed.
      if (end[i] < 0 || pairRank(i) !== rank) continue;
      const j = next[i];
      end[i] = end[j];
      end[j] = -1;
      next[i] = next[j];
      if (next[i] >= 0) prev[next[i]] = i;
      consider(prev[i]);
      consider(i);
    }
    const ids: number[] = [];
    for (let i = 0; i >= 0; i = next[i]) ids.push(this.ranks.get(piece.slice(i, end[i])) as number);
    return ids;
  }
}
