// What the chapter records about a pre-training run: the setup it started from and the curves it drew.
import type { ModelShape, PresetId, TrainSettings } from './presets';

export interface PretrainSetup {
  preset: PresetId;
  shape: ModelShape;
  train: TrainSettings;
  /** The trainTokenizer knob's value at the start, and its name in words. */
  tokenizer: string;
  tokenizerName: string;
  /** 'fresh': a new model; otherwise the key of the lab checkpoint it continues. */
  from: 'fresh' | string;
  corpus: 'shakespeare' | 'own';
  /** Characters of the text read (the recipe may take only the start). */
  corpusCharacters: number;
  /** Stop at the best validation: keep that evaluation's model, stop after BEST_PATIENCE evaluations without a better one. */
  keepBest?: boolean;
}

/** Evaluations in a row without a new best validation before a keepBest run stops. */
export const BEST_PATIENCE = 3;

export interface EvalPoint {
  iter: number;
  train: number;
  val: number;
}

export interface RunCurves {
  /** Each step's batch loss. */
  steps: { iter: number; loss: number }[];
  evals: EvalPoint[];
  samples: { iter: number; text: string }[];
  /** Characters per validation token (nats per token ÷ this = nats per character). */
  charsPerToken: number | null;
  /** Time spent training, summed over steps (pauses excluded). */
  activeMs: number;
  vocabSize: number | null;
}

export const emptyCurves = (): RunCurves => ({ steps: [], evals: [], samples: [], charsPerToken: null, activeMs: 0, vocabSize: null });

/** The evaluation with the lowest validation loss (where an early stop would have kept the model). */
export function bestValidation(evals: readonly EvalPoint[]): EvalPoint | null {
  return evals.reduce<EvalPoint | null>((best, e) => (best === null || e.val < best.val ? e : best), null);
}
