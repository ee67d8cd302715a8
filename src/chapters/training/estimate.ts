// Before a run starts: how big the model is, how much arithmetic a step costs, and about how long the run takes
// on the reader's backend. The time is an estimate from an assumed training throughput per backend (measured on
// a loaded 2-core machine: the quick-start recipe ran at about 10 GFLOP/s on wasm SIMD, 1 thread, in Node);
// once steps run, the measured figure replaces it.
import { trainingFlopsPerStep } from '../../engine/flops';
import { countParameters, estimateModelBytes, MAX_MODEL_BYTES, type GPTConfig } from '../../engine/model/gptConfig';
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

export function estimateRun(shape: ModelShape, train: TrainSettings, vocabSize: number, backend: string, threads = 1): RunEstimate {
  const config = { ...shape, vocabSize, dropout: 0, bias: false, positional: 'learned' as const };
  const parameters = countParameters(config);
  const flopsPerStep = trainingFlopsPerStep(config, train.batchSize, shape.blockSize);
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
 * Why a model cannot be trained in the tab, said before a run is started (the engine would refuse it at the first
 * step), or null when it can: a 124M GPT-2 needs 16 bytes a parameter (weights, gradients, AdamW's two moments)
 * before any activation, past the engine's cap.
 */
export function tooBigToTrain(config: GPTConfig, label: string): string | null {
  const bytes = estimateModelBytes(config);
  if (bytes <= MAX_MODEL_BYTES) return null;
  const gb = (n: number) => (n / 1024 ** 3).toFixed(1);
  return `“${label}” has ${(countParameters(config) / 1e6).toFixed(0)}M parameters: training it would need about ${gb(bytes)} GB ` +
    `(its weights, their gradients and AdamW's two moments, 16 bytes a parameter in float32, plus one window's activations), ` +
    `more than the ${gb(MAX_MODEL_BYTES)} GB the engine allows a tab. It runs in every chapter, but cannot be trained here: start from a fresh model, or pick a smaller one in the lab.`;
}
