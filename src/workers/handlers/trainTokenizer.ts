// Trains a byte-level BPE live, in the worker, on Tiny Shakespeare or on the reader's own text, and streams every
// merge: the pair and how often it occurred, the new token, a sample passage re-cut with it, and how many tokens a
// held-out text takes now (the compression curve), beside GPT-2's and GPT-4o's counts on the same held-out text.
// Stopping (cancel) keeps the merges made so far; the answer is the tokenizer's JSON, ready for the lab.
import { bytesToDisplay, findLoneSurrogate, type BpeTokenizer, loadRankedBpe, LoneSurrogateError, MergeReplay, readShakespeare, trainBpeAsync } from '../../engine';
import { InputError } from '../engineState';
import { s, type Infer } from '../schema';
import { method, type HandlerContext } from './method';

/** The most merges one run makes: enough to watch whole words form, few enough to stream each one. */
export const MAX_MERGES = 20_000;

const trainTokenizerParams = s.object({
  /** 'corpus': the first nine tenths of Tiny Shakespeare; 'text': `text`, the reader's own. */
  source: s.literal('corpus', 'text'),
  text: s.optional(s.string({ maxLength: 16 * 2 ** 20 })),
  merges: s.int({ min: 1, max: MAX_MERGES }),
  /** The passage shown re-cut after each merge (default: the start of the training text). */
  sample: s.optional(s.string({ maxLength: 4000 })),
});

export type TrainTokenizerParams = Infer<typeof trainTokenizerParams>;

export interface HeldOutYardstick {
  /** What the held-out text is, in words. */
  name: string;
  characters: number;
  bytes: number;
  gpt2Tokens: number;
  gpt4oTokens: number;
}

export type TrainTokenizerProgress =
  | { stage: 'counting'; done: number; total: number }
  | {
      stage: 'ready';
      trainCharacters: number;
      heldOut: HeldOutYardstick;
      /** Labels of the 256 byte tokens (ids 0–255); every later token's label comes with its merge. */
      byteLabels: string[];
      sampleIds: number[];
    }
  | {
      stage: 'merge';
      rank: number;
      pair: [number, number];
      /** How often the pair occurred in the training text when it was chosen. */
      count: number;
      id: number;
      label: string;
      /** Tokens the held-out text takes with the merges so far. */
      heldOutTokens: number;
      sampleIds: number[];
    };

export type StopReason = 'reached' | 'noRepeats' | 'cancelled';

export interface TrainTokenizerResult {
  /** The tokenizer's JSON form (what saveTokenizer and createModel take). */
  json: unknown;
  merges: number;
  asked: number;
  stop: StopReason;
  heldOut: HeldOutYardstick;
  heldOutTokens: number;
  /** Time spent merging, after the text was counted (for merges per second). */
  mergeMs: number;
}

const TAKE_TENTHS = 9; // Shakespeare's first nine tenths train; the last tenth is the held-out yardstick

/** Runs beside everything: it touches no model and no backend. */
export const trainTokenizer = method({
  lane: 'free',
  retry: false,
  params: trainTokenizerParams,
  async run(p, { progress, signal }: HandlerContext<TrainTokenizerProgress>): Promise<TrainTokenizerResult> {
    // The reader's text is checked before the corpus and the yardstick are read, so bad input answers at once.
    if (p.source === 'text') {
      if ((p.text ?? '').trim() === '') throw new InputError('There is no text to train on: type or paste some, or train on Tiny Shakespeare.');
      for (const text of [p.text ?? '', p.sample ?? '']) {
        const at = findLoneSurrogate(text);
        if (at >= 0) throw new InputError(new LoneSurrogateError(at, text.charCodeAt(at)).message);
      }
    }
    const corpus = await readShakespeare();
    const cut = corpus.indexOf('\n\n', Math.floor((corpus.length * TAKE_TENTHS) / 10)) + 2;
    const heldOutText = corpus.slice(cut);
    const trainText = p.source === 'corpus' ? corpus.slice(0, cut) : (p.text ?? '');
    const sample = p.sample ?? Array.from(trainText.slice(0, 320)).slice(0, 160).join(''); // whole code points: never half an emoji
    yardstickOnce ??= yardstick(heldOutText);
    yardstickOnce.catch(() => (yardstickOnce = null));
    const heldOut = await yardstickOnce;
    let heldOutReplay: MergeReplay;
    let sampleReplay: MergeReplay;
    try {
      heldOutReplay = new MergeReplay(heldOutText);
      sampleReplay = new MergeReplay(sample);
    } catch (error) {
      throw asInputError(error);
    }
    progress({
      stage: 'ready',
      trainCharacters: codePoints(trainText),
      heldOut,
      byteLabels: Array.from({ length: 256 }, (_, b) => bytesToDisplay(Uint8Array.of(b))),
      sampleIds: sampleReplay.tokens(),
    });

    let mergeStart = 0;
    let made = 0;
    let wasStopped = false;
    let tokenizer: BpeTokenizer;
    try {
      tokenizer = await trainBpeAsync(trainText, {
        vocabSize: 256 + p.merges,
        // No signal for the merges: a stop keeps what was learned (onMerge says stop), only counting is cut short.
        onProgress: ({ done, total }) => {
          signal.throwIfAborted();
          progress({ stage: 'counting', done, total });
          mergeStart = performance.now();
        },
        onMerge: (m) => {
          made++;
          const changed = sampleReplay.apply(m.pair[0], m.pair[1], m.id) > 0;
          heldOutReplay.apply(m.pair[0], m.pair[1], m.id);
          progress({
            stage: 'merge', rank: m.rank, pair: m.pair, count: m.count, id: m.id, label: m.text,
            heldOutTokens: heldOutReplay.tokenCount, sampleIds: changed || m.rank === 0 ? sampleReplay.tokens() : [],
          });
          if (signal.aborted) wasStopped = true;
          return !wasStopped;
        },
      });
    } catch (error) {
      throw asInputError(error);
    }
    return {
      json: tokenizer.toJSON(),
      merges: made,
      asked: p.merges,
      stop: wasStopped ? 'cancelled' : made < p.merges ? 'noRepeats' : 'reached',
      heldOut,
      heldOutTokens: heldOutReplay.tokenCount,
      mergeMs: performance.now() - mergeStart,
    };
  },
});

/** The held-out text never changes, so GPT-2's and GPT-4o's counts on it are taken once per worker. */
let yardstickOnce: Promise<HeldOutYardstick> | null = null;

async function yardstick(text: string): Promise<HeldOutYardstick> {
  const [gpt2, gpt4o] = await Promise.all([loadRankedBpe('r50k_base'), loadRankedBpe('o200k_base')]);
  return {
    name: 'the last tenth of Tiny Shakespeare',
    characters: codePoints(text),
    bytes: new TextEncoder().encode(text).length,
    gpt2Tokens: gpt2.encode(text).length,
    gpt4oTokens: gpt4o.encode(text).length,
  };
}

function asInputError(error: unknown): unknown {
  return error instanceof LoneSurrogateError ? new InputError((error as Error).message) : error;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
