// Before a run starts: how big the model is, how much arithmetic a step costs, and about how long the run takes
// on the reader's backend. The time is an estimate from an assumed training throughput per backend (measured on
// a loaded 2-core machine: the quick-start recipe ran at about 10 GFLOP/s on wasm SIMD, 1 thread, in Node);
// once steps run, the measured figure replaces it.
import { trainingFlopsPerStep } from '../../engine/flops';
import { countParameters, estimateModelBytes, MAX_MODEL_BYTES, partialTrainingBytes, topParameters, type GPTConfig } from '../../engine/model/gptConfig';
import type { ModelShape, TrainSettings } from './presets';

/** Effective training throughput assumed per backend, FLOP/s (per thread for wasm). */
export const assumedThroughput: Record<string, number> = { wasm: 8e9, webgpu: 2e9, js: 0.8e9 };

export const estimateAssumptions =
  'Assumes about 8 GFLOP/s per wasm thread, 2 GFLOP/s on WebGPU and 0.8 GFLOP/s in plain JS for training (forward + backward ≈ 3 × forward), plus about 10 % for evaluations; a busy machine is slower.';

export interface RunEstimate {
  parameters: number;
  flopsPerStep: number;
  secondsPerStep: number;
  totalSeconds: number;
}

/** `trainedBlocks`: a run that trains only the top blocks (TrainingPlan) costs a forward plus their backward. */
export function estimateRun(shape: ModelShape, train: TrainSettings, vocabSize: number, backend: string, threads = 1, trainedBlocks?: number): RunEstimate {
  const config = { ...shape, vocabSize, dropout: 0, bias: false, positional: 'learned' as const };
  const parameters = countParameters(config);
  const flopsPerStep = trainingFlopsPerStep(config, train.batchSize, shape.blockSize, trainedBlocks);
  const throughput = (assumedThroughput[backend] ?? assumedThroughput.js) * (backend === 'wasm' ? Math.max(1, threads) : 1);
  const secondsPerStep = flopsPerStep / throughput;
  return { parameters, flopsPerStep, secondsPerStep, totalSeconds: secondsPerStep * train.steps * 1.1 };
}

/** "1.2 s", "3 min 20 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** 1.06e9 → "1.06 GFLOP". */
export function formatFlops(flops: number, unit = 'FLOP'): string {
  if (flops >= 1e12) return `${(flops / 1e12).toFixed(2)} T${unit}`;
  if (flops >= 1e9) return `${(flops / 1e9).toFixed(2)} G${unit}`;
  return `${(flops / 1e6).toFixed(1)} M${unit}`;
}

/**
 * The share of the engine's cap a partial run may plan for. The estimate is a lower bound (backward's transients),
 * and the wasm heap keeps what earlier chapters freed in per-size free lists that a training step's sizes cannot
 * reuse: in Chromium, after the Attention grid and the Embeddings map, a 124M run planned at 80 % hit the 2 GB
 * wasm limit at its first step.
 */
export const PLAN_MARGIN = 0.6;

/**
 * Window length for a model too big to train whole: a 124M step on 1024 tokens takes about half a minute on two
 * threads, past what the page waits before it restarts a silent engine (30 s); 256 tokens keep a step to seconds.
 */
export const TOP_TRAINING_WINDOW = 256;

/** The windows a run from `config` trains on: its whole context, or TOP_TRAINING_WINDOW when it trains only its top. */
export function trainingWindow(config: GPTConfig): number {
  return estimateModelBytes(config) <= MAX_MODEL_BYTES ? config.blockSize : Math.min(config.blockSize, TOP_TRAINING_WINDOW);
}

/** How a model is trained in the tab: whole, only its top blocks (said in `note`), or not at all (`refusal`). */
export interface TrainingPlan {
  /** Trainer's trainLastBlocks; null: every parameter trains, as for the book's own models. */
  trainLastBlocks: number | null;
  note: string | null;
  refusal: string | null;
}

const gb = (n: number) => (n / 1024 ** 3).toFixed(1);
const millions = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);

/**
 * A model whose full training fits the cap (estimateModelBytes) trains whole, exactly as before. One that does not
 * (GPT-2 124M: 16 bytes a parameter is 2 GB before any activation) trains only its top blocks, as practitioners
 * fine-tune on small hardware: the most blocks whose weights, 16 bytes per trained parameter (partialTrainingBytes) and the activations of
 * `batch` windows of `T` tokens fit under PLAN_MARGIN of the cap, at least one; if not even one does, a refusal.
 */
export function trainingPlan(config: GPTConfig, label: string, batch: number, T: number): TrainingPlan {
  const full = estimateModelBytes(config);
  if (full <= MAX_MODEL_BYTES) return { trainLastBlocks: null, note: null, refusal: null };
  const budget = PLAN_MARGIN * MAX_MODEL_BYTES;
  let n = 0;
  while (n < config.nLayer && partialTrainingBytes(config, n + 1, batch, T) <= budget) n++;
  const total = countParameters(config);
  const why = `training all of it would need about ${gb(full)} GB (its weights, their gradients and AdamW's two moments, ` +
    `16 bytes a parameter in float32, plus activations), more than the ${gb(MAX_MODEL_BYTES)} GB the engine allows a tab`;
  if (n === 0) {
    const one = partialTrainingBytes(config, 1, batch, T);
    return {
      trainLastBlocks: null, note: null,
      refusal: `“${label}” has ${millions(total)}M parameters: ${why}, and even its last block alone, with ${batch} window${batch === 1 ? '' : 's'} of ${T} tokens a step, ` +
        `would need about ${gb(one)} GB. Use fewer windows per step, or start from a fresh model.`,
    };
  }
  return {
    trainLastBlocks: n, refusal: null,
    note: `Training the last ${n} of ${config.nLayer} blocks (${millions(topParameters(config, n))}M of ${millions(total)}M parameters, with the final LayerNorm); ` +
      `the rest is frozen because ${why}. Frozen weights (the embeddings, tied to the output head, and the blocks below) get no gradient ` +
      `and no optimizer state, and keep no activations for backward: this run needs about ${gb(partialTrainingBytes(config, n, batch, T))} GB.`,
  };
}
