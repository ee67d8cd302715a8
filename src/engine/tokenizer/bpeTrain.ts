// Byte-level BPE training: repeatedly merge the most frequent adjacent pair of token ids, reporting each merge so a
// UI can replay training step by step. Follows Sennrich et al. 2016 / GPT-2: merges never cross a pre-split chunk.
// Speed comes from counting each distinct chunk once (with its frequency), keeping pair counts incrementally and
// re-scanning only the chunks that contain the merged pair; a max-heap with lazy deletion finds the best pair.

import { BpeTokenizer, MAX_BPE_VOCAB, pairKey } from './bpe';
import { bytesToDisplay } from './display';
import { MinHeap } from './heap';
import { preSplitRegex, splitOnSpecials } from './pretokenize';
import { assertWellFormed } from './utf8';

export interface MergeEvent {
  /** 0 for the first merge; the new token's id is 256 + rank. */
  rank: number;
  pair: [number, number];
  /** Occurrences of the pair when it was chosen, counting overlaps ("aaa" holds a+a twice), times chunk frequency. */
  count: number;
  id: number;
  bytes: Uint8Array;
  /** Display string (see tokenToDisplay): ␣ for space, escapes for invisibles, \xNN for bytes that are not UTF-8. */
  text: string;
}

export interface TrainProgress {
  phase: 'count';
  /** UTF-16 units of the text split and counted so far, out of `total`. */
  done: number;
  total: number;
}

export interface TrainBpeOptions {
  /** Final vocabulary: 256 bytes + merges + special tokens. Training stops early if no pair reaches `minCount`. */
  vocabSize: number;
  /** Matched literally and cut out before counting; they get the ids after the merges. */
  specialTokens?: readonly string[];
  /**
   * Pre-split into GPT-2-style chunks (default true). With false the whole text (between specials) is one chunk:
   * meant for textbook examples, since that one chunk is re-scanned on every merge (1 MB takes ~15 s for 256 merges).
   */
  preSplit?: boolean;
  /** A pair seen fewer times than this is not worth a token (default 2). */
  minCount?: number;
  /** Called after every merge; return false to stop training there and keep the merges so far. */
  onMerge?: (merge: MergeEvent) => void | boolean;
  /** Called now and then while the text is split and its chunks counted (the phase before the first merge). */
  onProgress?: (progress: TrainProgress) => void;
  /** Aborting makes training throw the signal's reason (checked between merges and every few thousand chunks). */
  signal?: AbortSignal;
}

interface PairEntry {
  count: number;
  key: number;
}

// Deterministic order: highest count first; ties go to the lowest left id, then the lowest right id (= lowest key).
const better = (a: PairEntry, b: PairEntry): boolean => a.count > b.count || (a.count === b.count && a.key < b.key);
const encoder = new TextEncoder();
const PROGRESS_EVERY = 4096; // chunks between progress reports / yields while counting

/**
 * Trains a byte-level BPE tokenizer. Ties between equally frequent pairs go to the lowest (left, right) ids.
 * @example
 * const tok = trainBpe('aaabdaaabac', { vocabSize: 259, preSplit: false, onMerge: (m) => console.log(m.text) });
 * // logs "aa", "ab", "aaab"
 */
export function trainBpe(text: string, options: TrainBpeOptions): BpeTokenizer {
  const steps = trainBpeSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same training, giving the event loop a turn every `sliceMs` (default 12) so a worker can receive a cancel
 * message (abort the signal) or a progress UI can paint.
 */
export async function trainBpeAsync(text: string, options: TrainBpeOptions & { sliceMs?: number }): Promise<BpeTokenizer> {
  const steps = trainBpeSteps(text, options);
  const sliceMs = options.sliceMs ?? 12;
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
}

/** Training as a generator that yields between units of work; trainBpe and trainBpeAsync drive it. */
export function* trainBpeSteps(text: string, options: TrainBpeOptions): Generator<void, BpeTokenizer> {
  const specials = [...(options.specialTokens ?? [])];
  BpeTokenizer.fromMerges([], specials); // validates the special tokens before any long work
  const { vocabSize, signal } = options;
  const minCount = options.minCount ?? 2;
  if (!Number.isInteger(vocabSize) || vocabSize < 256 + specials.length || vocabSize > MAX_BPE_VOCAB) {
    throw new RangeError(
      `vocabSize must be an integer in [${256 + specials.length}, ${MAX_BPE_VOCAB}] ` +
        `(256 bytes + ${specials.length} special tokens at least), got ${vocabSize}`,
    );
  }
  signal?.throwIfAborted();
  assertWellFormed(text); // a lone surrogate would be learned as U+FFFD's bytes: say where it is instead

  // 1. Count distinct chunks. Shakespeare's 1.1 MB has ~300k chunks but only ~25k distinct ones.
  const chunkCounts = new Map<string, number>();
  let done = 0;
  let sinceReport = 0;
  for (const { piece, isSpecial } of splitOnSpecials(text, specials)) {
    if (!isSpecial && options.preSplit === false) chunkCounts.set(piece, (chunkCounts.get(piece) ?? 0) + 1);
    else if (!isSpecial) {
      for (const m of piece.matchAll(preSplitRegex())) {
        chunkCounts.set(m[0], (chunkCounts.get(m[0]) ?? 0) + 1);
        if (++sinceReport === PROGRESS_EVERY) {
          sinceReport = 0;
          options.onProgress?.({ phase: 'count', done: done + (m.index ?? 0), total: text.length });
          signal?.throwIfAborted();
          yield;
        }
      }
    }
    done += piece.length;
  }
  options.onProgress?.({ phase: 'count', done: text.length, total: text.length });

  // 2. Each distinct chunk becomes a word of byte ids with a frequency; index which words hold which pair.
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [chunk, freq] of chunkCounts) {
    words.push(Array.from(encoder.encode(chunk)));
    freqs.push(freq);
  }
  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>(); // may list words that no longer hold the pair; checked on use
  const index = (key: number, w: number): void => {
    const set = where.get(key);
    if (set === undefined) where.set(key, new Set([w]));
    else set.add(w);
  };
  words.forEach((word, w) => {
    for (let i = 0; i + 1 < word.length; i++) {
      const key = pairKey(word[i] as number, word[i + 1] as number);
      counts.set(key, (counts.get(key) ?? 0) + (freqs[w] as number));
      index(key, w);
    }
  });
  const heap = new MinHeap<PairEntry>(better);
  for (const [key, count] of counts) heap.push({ count, key });

  // 3. Merge until the vocabulary is full. A heap entry is current only if its count equals the live count.
  const bytesOf: Uint8Array[] = [];
  for (let b = 0; b < 256; b++) bytesOf.push(Uint8Array.of(b));
  const merges: [number, number][] = [];
  const target = vocabSize - 256 - specials.length;
  while (merges.length < target) {
    let best = heap.pop();
    while (best !== undefined && counts.get(best.key) !== best.count) best = heap.pop();
    if (best === undefined || best.count < minCount) break;
    const left = Math.floor(best.key / MAX_BPE_VOCAB);
    const right = best.key - left * MAX_BPE_VOCAB;
    const id = 256 + merges.length;
    const delta = new Map<number, number>();
    const add = (key: number, d: number): void => void delta.set(key, (delta.get(key) ?? 0) + d);
    for (const w of where.get(best.key) ?? []) {
      const word = words[w] as number[];
      const freq = freqs[w] as number;
      const merged = mergeWord(word, left, right, id);
      if (merged === word) continue; // stale index entry
      // Retract all of the word's old pairs and count its new ones: chunks are short, and this is plainly right.
      for (let i = 0; i + 1 < word.length; i++) add(pairKey(word[i] as number, word[i + 1] as number), -freq);
      for (let i = 0; i + 1 < merged.length; i++) {
        const a = merged[i] as number;
        const b = merged[i + 1] as number;
        add(pairKey(a, b), freq);
        if (a === id || b === id) index(pairKey(a, b), w);
      }
      words[w] = merged;
    }
    for (const [key, d] of delta) {
      if (d === 0) continue;
      const count = (counts.get(key) ?? 0) + d;
      if (count === 0) counts.delete(key);
      else {
        counts.set(key, count);
        heap.push({ count, key });
      }
    }
    where.delete(best.key); // left-to-right merging leaves no adjacent (left, right) behind

    const bytes = concat(bytesOf[left] as Uint8Array, bytesOf[right] as Uint8Array);
    bytesOf.push(bytes);
    merges.push([left, right]);
    const event: MergeEvent = {
      rank: merges.length - 1,
      pair: [left, right],
      count: best.count,
      id,
      bytes: bytes.slice(),
      text: bytesToDisplay(bytes),
    };
    if (options.onMerge?.(event) === false) break;
    signal?.throwIfAborted();
    yield;
  }
  return BpeTokenizer.fromMerges(merges, specials);
}

/** Replaces (left, right) left to right without overlap; returns the same array when the pair is absent. */
function mergeWord(word: number[], left: number, right: number, id: number): number[] {
  let out: number[] | null = null;
  for (let i = 0; i < word.length; i++) {
    if (i + 1 < word.length && word[i] === left && word[i + 1] === right) {
      out ??= word.slice(0, i);
      out.push(id);
      i++;
    } else if (out !== null) out.push(word[i] as number);
  }
  return out ?? word;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
