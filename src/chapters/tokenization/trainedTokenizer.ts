// The BPE the reader trained in the `train` step, kept for the chapter's later steps (unwind it, browse its
// vocabulary, compare it with words and characters) until the page is left, and the long text of the first step,
// which the train step can learn from. The lab keeps the tokenizer only when the reader saves it.
import { sharedValue } from './sharedValue';

export interface MergeRow {
  rank: number;
  pair: [number, number];
  /** How often the pair occurred in the training text when it was merged. */
  count: number;
  id: number;
  label: string;
  /** Tokens the held-out text takes with the merges up to this one. */
  heldOutTokens: number;
}

export interface TrainedTokenizer {
  json: unknown;
  merges: readonly MergeRow[];
  /** Label of every id: the 256 bytes, then one per merge. */
  labels: readonly string[];
  /** In words, for the lab: "BPE, 300 merges, trained on Tiny Shakespeare". */
  source: string;
}

const trained = sharedValue<TrainedTokenizer | null>(null);

export const setTrainedTokenizer = trained.set;
export const useTrainedTokenizer = trained.use;

/** A long text the reader pasted or loaded in the first step ("A long text"), which the train step can learn from. */
export interface LongTextValue {
  text: string;
  /** In words: "Tiny Shakespeare", "your paste of 1,115,394 UTF-16 units". */
  what: string;
}

const longText = sharedValue<LongTextValue | null>(null);

export const setLongText = longText.set;
export const useLongText = longText.use;
