// The typed message protocol between the page and the engine worker: every request carries an id; the worker
// answers with progress events, then exactly one result or error for that id. The page may cancel a request and
// pings the worker to know it is alive. Types only, shared by both ends.
import type { BackendName, FlopBreakdown, GPTConfig, TrainingMeta, TrainConfig } from '../engine';

/** Which backend the reader asked for; 'auto' lets feature detection choose. */
export type BackendChoice = 'auto' | BackendName;

export interface BackendOption {
  name: BackendName;
  /** Usable in this browser. */
  isAvailable: boolean;
  /** What it is, or why it cannot run here ("the page is not cross-origin isolated"). */
  detail: string;
}

export interface BackendReport {
  /** The backend now running. */
  name: BackendName;
  /** In words: "wasm SIMD, 2 threads". */
  description: string;
  /** Why this one: "WebGPU found no adapter; wasm SIMD is the fastest available". */
  reason: string;
  options: BackendOption[];
}

export interface CheckpointSummary {
  key: string;
  config: GPTConfig;
  parameters: number;
  tokenizer: { kind: string; vocabSize: number };
  meta: TrainingMeta;
  bytes: number;
}

export interface PipelineToken {
  id: number;
  /** Readable label (␣ for a space, escapes for invisibles). */
  label: string;
}

export interface NextTokenChoice extends PipelineToken {
  probability: number;
  /** The text appended when this token is chosen. */
  text: string;
}

/** Everything the Overview draws for one prompt, computed by one forward pass. */
export interface PipelineResult {
  tokens: PipelineToken[];
  /** Tokens cut from the start because the prompt is longer than the model's context. */
  droppedTokens: number;
  /** Input to the first block (token + position embedding), row-major (T, C). */
  vectors: Float32Array;
  width: number;
  /** Per layer, attention weights averaged over heads, row-major (T, T): row t is where token t looks. */
  attention: Float32Array[];
  /** The most likely next tokens after temperature, most likely first. */
  top: NextTokenChoice[];
  /** The token drawn with the seed (it may lie outside `top`). */
  chosen: NextTokenChoice;
}

/**
 * Tokenizing a long text takes a while too, so it is reported before the steps begin. 'recovered': the GPU was
 * lost mid-run and training goes on from the last completed step on another backend.
 */
export type TrainProgress =
  | { stage: 'tokenizing'; characters: number }
  | { stage: 'recovered'; iter: number; backend: string; reason: string }
  | TrainStepProgress;

export interface TrainStepProgress {
  stage: 'training';
  iter: number;
  maxIters: number;
  loss: number;
  /** Present at evaluations. */
  valLoss?: number;
  ms: number;
  /** A checkpoint of the model so far, sent every `snapshotEvery` iterations, so a crash loses little. */
  snapshot?: ArrayBuffer;
}

/** A supervised example for fine-tuning: the model reads prompt + response and learns to write the response. */
export interface FineTuneExample {
  prompt: string;
  response: string;
}

/** A reader's rating: for this prompt they preferred `chosen` to `rejected`. */
export interface RatedPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** First the reward model learns the ratings, then PPO moves a copy of the model towards what it rewards. */
export type RlhfProgress =
  | { stage: 'reward'; step: number; steps: number; loss: number; accuracy: number }
  | {
    stage: 'ppo'; iter: number; iterations: number; reward: number; kl: number; clipFraction: number;
    /** One of this iteration's episodes, decoded. */
    sample: { prompt: string; response: string; score: number };
  };

/** One attention head on the reader's text, step by step, and what the model predicts with the given heads on. */
export interface AttentionHeadResult {
  tokens: PipelineToken[];
  /** Head size: q, k, v and out are row-major (T, hs). */
  hs: number;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  /** q·kᵀ/√hs with the causal mask applied (−Infinity above the diagonal), row-major (T, T). */
  scores: Float32Array;
  /** softmax of each row of scores, (T, T). */
  weights: Float32Array;
  /** weights·v: this head's output, (T, hs); zeros when the head is switched off. */
  out: Float32Array;
  /** Mean next-token loss over the text (nats), with the head mask applied; null for a one-token text. */
  loss: number | null;
  /** The most likely next tokens after the text, with the head mask applied. */
  top: NextTokenChoice[];
}

/** Points in the plane (or space) that PCA found for a table of vectors, with their labels. */
export interface EmbeddingMap {
  labels: string[];
  /** Row-major (n, k). */
  points: Float32Array;
  k: number;
  /** Share of the vectors' variance along each axis. */
  explained: number[];
}

export interface LabelledNeighbour {
  label: string;
  similarity: number;
}

/** One backend's next-token logits against the float64 js reference, for the same checkpoint and prompt. */
export interface ParityRow {
  name: BackendName | 'js-float64';
  description: string;
  /** Largest |logit − reference logit| over the vocabulary; null when the backend could not run. */
  maxAbsDiff: number | null;
  /** Whether its most likely next token is the reference's. */
  sameTopToken: boolean | null;
  ms: number | null;
  /** Why it did not run. */
  error?: string;
}

/** Every method the worker answers: its parameters, its result and its progress events. */
export interface EngineMethods {
  setBackend: { params: { choice: BackendChoice }; result: BackendReport; progress: { message: string } };
  /** Validates a checkpoint file and keeps it under `key`; nothing is kept if it is invalid. */
  loadCheckpoint: { params: { key: string; bytes: ArrayBuffer }; result: CheckpointSummary; progress: never };
  unloadCheckpoint: { params: { key: string }; result: { unloaded: boolean }; progress: never };
  inspect: {
    params: { key: string; text: string; temperature: number; seed: number; topCount: number };
    result: PipelineResult;
    progress: never;
  };
  generate: {
    params: { key: string; text: string; maxNewTokens: number; temperature: number; topK?: number; topP?: number; seed: number };
    result: { text: string; ids: number[] };
    /** Each token as it comes: the distribution it was drawn from (top entries) and the arithmetic it cost. */
    progress: { id: number; text: string; top: { id: number; label: string; probability: number }[]; flops: FlopBreakdown };
  };
  /** Runs the prompt through checkpoint `key` on every backend this browser has and compares their logits. */
  compareBackends: {
    params: { key: string; text: string };
    result: { tokens: number; reference: ParityRow; rows: ParityRow[] };
    progress: { message: string };
  };
  /**
   * Trains a copy of checkpoint `key` — on a text (`corpus`: pre-training, next token everywhere) or on examples
   * (`examples`: supervised fine-tuning, graded on the responses only); give exactly one. The result is the new
   * checkpoint's bytes.
   */
  train: {
    params: {
      key: string; corpus?: string; examples?: FineTuneExample[]; train: Partial<TrainConfig>; label: string; kind: string;
      snapshotEvery?: number;
    };
    result: { bytes: ArrayBuffer; summary: Omit<CheckpointSummary, 'key'> };
    progress: TrainProgress;
  };
  /**
   * RLHF on a copy of checkpoint `key`: a reward model (a copy of the model with a score head) learns the reader's
   * ratings, then PPO with a KL penalty of weight `klCoef` (0: no leash) trains the copy to write what it rewards
   * after each of `prompts`. The result is the new checkpoint's bytes (kind 'rlhf').
   */
  rlhf: {
    params: {
      key: string; ratings: RatedPair[]; prompts: string[]; label: string;
      rewardSteps?: number; iterations?: number; klCoef?: number; maxNewTokens?: number; lr?: number; seed?: number;
    };
    result: { bytes: ArrayBuffer; summary: Omit<CheckpointSummary, 'key'>; rewardAccuracy: number; reward: number; kl: number };
    progress: RlhfProgress;
  };
  /**
   * Layer `layer`, head `head` on the reader's text: q, k, v, scores, weights and output with real numbers, plus the
   * loss and the predictions with `headMask` (per layer, per head: 1 on, 0 off) applied to the whole model.
   */
  attentionHead: {
    params: { key: string; text: string; layer: number; head: number; headMask?: number[][]; topCount?: number };
    result: AttentionHeadResult;
    progress: never;
  };
  /**
   * Static versus contextual vectors: every token of every text at one depth — `layer` 0 is the token embedding alone
   * (the same vector wherever the token stands), layer l the residual stream after block l — on one shared PCA map.
   */
  contextMap: {
    params: { key: string; texts: string[]; layer: number };
    result: EmbeddingMap & { textIndex: number[] };
    progress: never;
  };
  /** The model's own token embeddings (wte), projected by PCA, with the nearest neighbours of `query`'s first token. */
  embeddingMap: {
    params: { key: string; k: 2 | 3; maxTokens?: number; query?: string; neighbours?: number };
    result: EmbeddingMap & { query: { label: string; neighbours: LabelledNeighbour[] } | null };
    progress: never;
  };
  /**
   * Trains word2vec live on `corpus` (words: its `maxWords` most frequent pre-split words), reporting the loss and a
   * PCA map of the `showWords` most frequent words every chunk; the result adds nearest neighbours of `query`.
   */
  word2vec: {
    params: {
      corpus: string; maxWords?: number; showWords?: number; dim?: number; window?: number; negatives?: number;
      epochs?: number; chunkPairs?: number; seed?: number; query?: string;
      /** Frequent-word subsampling threshold (default 1e-3, for book-sized texts; 0 keeps every word of a short one). */
      subsample?: number;
    };
    result: EmbeddingMap & { loss: number; pairs: number; query: { label: string; neighbours: LabelledNeighbour[] } | null };
    progress: EmbeddingMap & { loss: number; pairs: number; epochFraction: number };
  };
}

export type MethodName = keyof EngineMethods;
export type ParamsOf<M extends MethodName> = EngineMethods[M]['params'];
export type ResultOf<M extends MethodName> = EngineMethods[M]['result'];
export type ProgressOf<M extends MethodName> = EngineMethods[M]['progress'];

export type RequestMessage = {
  [M in MethodName]: { kind: 'request'; id: number; method: M; params: ParamsOf<M> };
}[MethodName];

/** Page → worker. */
export type ToWorker = RequestMessage | { kind: 'cancel'; id: number } | { kind: 'ping'; seq: number };

export interface EngineErrorInfo {
  /** 'AbortError' when cancelled, 'CheckpointError' for a bad file, 'InputError' for unusable input, else 'Error'. */
  name: string;
  message: string;
}

/** Things the worker tells the page unasked. */
export type EngineEvent = { type: 'backendChanged'; report: BackendReport };

/** Worker → page. */
export type FromWorker =
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: EngineErrorInfo }
  | { kind: 'pong'; seq: number };
