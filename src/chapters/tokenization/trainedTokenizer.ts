// The BPE the reader trained in the `train` step, kept for the chapter's later steps (unwind it, browse its
// vocabulary, compare it with words and characters) until the page is left. It is component state shared between
// steps, not a store slice: the lab keeps it only when the reader saves it.
import { useSyncExternalStore } from 'react';

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

let current: TrainedTokenizer | null = null;
const listeners = new Set<() => void>();

export function setTrainedTokenizer(trained: TrainedTokenizer | null): void {
  current = trained;
  for (const listener of listeners) listener();
}

export function useTrainedTokenizer(): TrainedTokenizer | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
