// What a training run takes and gives over the worker boundary, and its data: the reader's text or examples,
// tokenized, with a message for each way they can be unusable.
import { ExampleDataset, TokenDataset, type BatchSource, type TrainConfig, type Tokenizer } from '../engine';
import { encodeOrExplain, InputError } from './engineState';
import type { CheckpointSummary, FineTuneExample } from './protocol';

export interface TrainParams {
  /** The checkpoint to train a copy of; not needed when resuming. */
  key?: string;
  /** A text to pre-train on, or examples to fine-tune on: exactly one (and the same as before when resuming). */
  corpus?: string;
  examples?: FineTuneExample[];
  /** Settings over the defaults; when resuming, changes to the saved ones (a larger maxIters, say). */
  train: Partial<TrainConfig>;
  label: string;
  kind: string;
  /** Send a run state every this many steps (0 or absent: only at the end). */
  snapshotEvery?: number;
  /** A run state from an earlier call (a pause, a reload): training goes on from it. */
  resume?: ArrayBuffer;
  /** Every `every` steps, continue `prompt` by a few seeded tokens: what the model writes as it learns. */
  sample?: { prompt: string; every: number; maxNewTokens?: number; temperature?: number; seed?: number };
}

/**
 * Tokenizing a long text takes a while too, so it is reported before the steps begin. 'recovered': the GPU was
 * lost mid-run and training goes on from the last completed step on another backend.
 */
export type TrainProgress =
  | { stage: 'tokenizing'; characters: number }
  | TrainStepProgress
  | { stage: 'evaluation'; iter: number; train: number; val: number }
  | { stage: 'sample'; iter: number; prompt: string; text: string }
  | { stage: 'recovered'; iter: number; backend: string; reason: string };

export interface TrainStepProgress {
  stage: 'training';
  iter: number;
  maxIters: number;
  /** This step's batch loss (nats per token), before its update. */
  loss: number;
  lr: number;
  /** The gradients' global norm, before clipping. */
  gradNorm: number;
  ms: number;
  tokensPerSecond: number;
  /** trainingFlopsPerStep over this step's time. */
  flopsPerSecond: number;
  /**
   * A run state (weights, moments, position) the run now vouches for: the step after it had a finite loss. Keep
   * the latest: load it as a checkpoint, or pass it as `resume` to go on.
   */
  snapshot?: { iter: number; bytes: ArrayBuffer };
}

export interface TrainResult {
  /** The model (a checkpoint without optimizer state). */
  bytes: ArrayBuffer;
  /** The same model with its moments and position: `resume` goes on from here. */
  runState: ArrayBuffer;
  summary: Omit<CheckpointSummary, 'key'>;
  /** Why the run stopped, and the iteration of the model returned (for 'diverged', the last good one). */
  stopped: { reason: 'finished' | 'cancelled' | 'diverged'; iter: number; message: string };
}

/** The checkpoint a new run starts from. */
export function trainingSource(p: TrainParams): string {
  if (p.key === undefined) throw new InputError('Name the checkpoint to train, or give a saved run to resume.');
  return p.key;
}

export function trainingData(tokenizer: Tokenizer, p: TrainParams, blockSize: number): BatchSource {
  if ((p.corpus === undefined) === (p.examples === undefined)) {
    throw new InputError('Give either a training text or fine-tuning examples, not both and not neither.');
  }
  return p.corpus !== undefined ? textData(tokenizer, p.corpus, blockSize) : exampleData(tokenizer, p.examples!);
}

function textData(tokenizer: Tokenizer, corpus: string, blockSize: number): BatchSource {
  const ids = encodeOrExplain(tokenizer, corpus);
  if (ids.length < 2 * (blockSize + 1)) {
    throw new InputError(`The training text is too short: it needs more than ${2 * (blockSize + 1)} tokens.`);
  }
  return new TokenDataset(ids);
}

function exampleData(tokenizer: Tokenizer, examples: readonly FineTuneExample[]): BatchSource {
  const encode = (text: string) => encodeOrExplain(tokenizer, text, { allowEmpty: true });
  const usable = examples.map((e) => ({ prompt: encode(e.prompt), response: encode(e.response) }))
    .filter((e) => e.prompt.length > 0 && e.response.length > 0);
  if (usable.length < 2) throw new InputError('Fine-tuning needs at least two examples, each with a prompt and a response.');
  return new ExampleDataset(usable);
}
