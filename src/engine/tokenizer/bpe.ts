// Byte-level BPE tokenizer (encode/decode): ids 0..255 are bytes, so any string encodes; learned merges build longer
// tokens. Follows GPT-2's encoder.py (pre-split, then apply merges by rank inside each chunk), with plain byte ids
// (id = byte value) instead of GPT-2's printable-unicode byte remapping, which only existed to fit a text vocab file.

import { bytesToDisplay } from './display';
import { checkHeader, checkStringArray, fail, isIndex, show } from './json';
import { MinHeap } from './heap';
import { preSplit, splitOnSpecials } from './pretokenize';
import { assertWellFormed } from './utf8';
import { TOKENIZER_FORMAT, TOKENIZER_VERSION, type BpeTokenizerJSON, type Tokenizer } from './types';

/** Ids fit in 20 bits so a pair packs into one exact JS number (see pairKey). */
export const MAX_BPE_VOCAB = 1 << 20;
export const BPE_PATTERN = 'tbt-gpt2';

export function pairKey(left: number, right: number): number {
  return left * MAX_BPE_VOCAB + right;
}

const encoder = new TextEncoder();
// Not fatal: a broken byte sequence decodes to U+FFFD. ignoreBOM: a leading U+FEFF is text the reader typed.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const CACHE_LIMIT = 20_000; // chunk encodings kept; English text needs a few thousand distinct words
const CACHE_MAX_CHUNK = 256; // longer chunks are rare and would crowd the cache
const POS_SPAN = 2 ** 32; // heap priority = rank * POS_SPAN + position, exact below 2^53

export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe' as const;
  readonly vocabSize: number;
  readonly merges: readonly (readonly [number, number])[];
  readonly specialTokens: readonly string[];
  private readonly ranks = new Map<number, number>(); // pairKey → rank
  private readonly bytesOf: Uint8Array[] = []; // id → bytes
  private readonly specialIds: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, number[]>();

  private constructor(merges: [number, number][], specialTokens: string[]) {
    this.merges = merges;
    this.specialTokens = specialTokens;
    for (let b = 0; b < 256; b++) this.bytesOf.push(Uint8Array.of(b));
    merges.forEach(([l, r], rank) => {
      this.ranks.set(pairKey(l, r), rank);
      const a = this.bytesOf[l] as Uint8Array;
      const b = this.bytesOf[r] as Uint8Array;
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      this.bytesOf.push(joined);
    });
    const first = 256 + merges.length;
    this.specialIds = new Map(specialTokens.map((s, k) => [s, first + k]));
    for (const s of specialTokens) this.bytesOf.push(encoder.encode(s));
    this.vocabSize = this.bytesOf.length;
  }

  /**
   * Builds from merges in rank order (merge r makes id 256 + r) and special tokens (ids after the merges).
   * Throws if a merge refers to an id not yet defined, repeats a pair, or the vocabulary is too large.
   * @example BpeTokenizer.fromMerges([[104, 105]]).encode('hi') // [256]
   */
  static fromMerges(merges: readonly (readonly number[])[], specialTokens: readonly string[] = []): BpeTokenizer {
    if (!Array.isArray(merges)) fail(`"merges" must be an array of [left, right] pairs, got ${show(merges)}`);
    const seen = new Set<number>();
    const checked: [number, number][] = merges.map((m, rank) => {
      if (!Array.isArray(m) || m.length !== 2) fail(`"merges[${rank}]" must be a [left, right] pair, got ${show(m)}`);
      const [l, r] = m;
      const defined = 256 + rank; // a merge may only use bytes and tokens made by earlier merges
      if (!isIndex(l, defined) || !isIndex(r, defined)) {
        fail(`"merges[${rank}]" = ${show(m)} uses an id outside [0, ${defined}) (ids must exist before they are merged)`);
      }
      const key = pairKey(l, r);
      if (seen.has(key)) fail(`"merges[${rank}]" repeats the pair ${show(m)}`);
      seen.add(key);
      return [l, r];
    });
    const specials = checkStringArray(specialTokens, 'specialTokens');
    const specialSet = new Set<string>();
    specials.forEach((s, k) => {
      if (s === '') fail(`"specialTokens[${k}]" is empty`);
      if (specialSet.has(s)) fail(`"specialTokens[${k}]" ${show(s)} appears twice`);
      specialSet.add(s);
    });
    const size = 256 + checked.length + specials.length;
    if (size > MAX_BPE_VOCAB) fail(`vocabulary of ${size} exceeds the limit of ${MAX_BPE_VOCAB}`);
    return new BpeTokenizer(checked, [...specials]);
  }

  static fromJSON(json: unknown): BpeTokenizer {
    const obj = checkHeader(json, 'bpe');
    if (obj.pattern !== BPE_PATTERN) fail(`"pattern" must be "${BPE_PATTERN}", got ${show(obj.pattern)}`);
    if (!Array.isArray(obj.merges)) fail(`"merges" must be an array, got ${show(obj.merges)}`);
    const tok = BpeTokenizer.fromMerges(obj.merges as number[][], checkStringArray(obj.specialTokens, 'specialTokens'));
    if (obj.vocabSize !== tok.vocabSize) {
      fail(`"vocabSize" is ${show(obj.vocabSize)} but 256 bytes + ${tok.merges.length} merges + ` +
        `${tok.specialTokens.length} special tokens make ${tok.vocabSize} (truncated or edited file?)`);
    }
    return tok;
  }

  /**
   * Special tokens are matched literally first; the text between them is pre-split and each chunk merged by rank.
   * A lone surrogate (U+D800–U+DFFF without its pair) has no UTF-8 form, so it throws a LoneSurrogateError naming
   * its offset rather than being silently replaced.
   */
  encode(text: string): number[] {
    assertWellFormed(text);
    const out: number[] = [];
    for (const { piece, isSpecial } of splitOnSpecials(text, this.specialTokens)) {
      if (isSpecial) out.push(this.specialIds.get(piece) as number);
      else this.encodeOrdinaryInto(piece, out);
    }
    return out;
  }

  /** Like encode, but special-token strings in the text are treated as ordinary text. */
  encodeOrdinary(text: string): number[] {
    assertWellFormed(text);
    const out: number[] = [];
    this.encodeOrdinaryInto(text, out);
    return out;
  }

  /** Joins the tokens' bytes and decodes UTF-8; byte sequences that are not valid UTF-8 become U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    let length = 0;
    for (let i = 0; i < ids.length; i++) length += this.bytesAt(ids[i] as number, i).length;
    const joined = new Uint8Array(length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      const b = this.bytesOf[ids[i] as number] as Uint8Array;
      joined.set(b, at);
      at += b.length;
    }
    return decoder.decode(joined);
  }

  /** A copy of the bytes a token stands for. */
  tokenBytes(id: number): Uint8Array {
    return this.bytesAt(id, 0).slice();
  }

  /** Readable label: valid UTF-8 shown as text (space as ␣, invisibles escaped), broken bytes as \xNN. */
  tokenToDisplay(id: number): string {
    return bytesToDisplay(this.bytesAt(id, 0));
  }

  /** The id of a special token, or undefined. */
  specialTokenId(token: string): number | undefined {
    return this.specialIds.get(token);
  }

  toJSON(): BpeTokenizerJSON {
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_VERSION,
      kind: 'bpe',
      pattern: BPE_PATTERN,
      vocabSize: this.vocabSize,
      merges: this.merges.map(([l, r]) => [l, r]),
      specialTokens: [...this.specialTokens],
    };
  }

  private bytesAt(id: number, position: number): Uint8Array {
    if (!isIndex(id, this.vocabSize)) {
      throw new RangeError(`Token id ${show(id)} at position ${position} is outside [0, ${this.vocabSize})`);
    }
    return this.bytesOf[id] as Uint8Array;
  }

  private encodeOrdinaryInto(text: string, out: number[]): void {
    for (const chunk of preSplit(text)) {
      let ids = this.cache.get(chunk);
      if (ids === undefined) {
        ids = this.mergeChunk(encoder.encode(chunk));
        if (chunk.length <= CACHE_MAX_CHUNK) {
          // Map keeps insertion order, so the first key is the oldest entry.
          if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
          this.cache.set(chunk, ids);
        }
      }
      for (const id of ids) out.push(id);
    }
  }

  /**
   * Applies merges to one chunk's bytes, lowest rank first and, within a rank, left to right (so "aaa" with merge
   * a+a gives [aa, a], as training did). A linked list plus a heap of (rank, position) keeps this O(n log n) even for
   * a 100 KB chunk (unspaced CJK text is one chunk). Heap entries go stale when a neighbour merges; they are skipped.
   */
  private mergeChunk(bytes: Uint8Array): number[] {
    const n = bytes.length;
    const tok = Int32Array.from(bytes); // -1 marks a position absorbed into its left neighbour
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap = new MinHeap<number>((a, b) => a < b);
    const consider = (i: number): void => {
      const j = next[i] as number;
      if (i < 0 || j < 0) return;
      const rank = this.ranks.get(pairKey(tok[i] as number, tok[j] as number));
      if (rank !== undefined) heap.push(rank * POS_SPAN + i);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    while (heap.size > 0) {
      const p = heap.pop() as number;
      const rank = Math.floor(p / POS_SPAN);
      const i = p - rank * POS_SPAN;
      const j = next[i] as number;
      if (tok[i] === -1 || j < 0) continue;
      // A rank names exactly one pair, so a matching rank means the entry is still current.
      if (this.ranks.get(pairKey(tok[i] as number, tok[j] as number)) !== rank) continue;
      tok[i] = 256 + rank;
      tok[j] = -1;
      const k = next[j] as number;
      next[i] = k;
      if (k >= 0) prev[k] = i;
      consider(prev[i] as number);
      consider(i);
    }
    const ids: number[] = [];
    for (let i = 0; i >= 0 && n > 0; i = next[i] as number) ids.push(tok[i] as number);
    return ids;
  }
}
