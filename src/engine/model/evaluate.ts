// How well a model predicts a text, token by token: the loss over a text longer than the context, read through
// sliding windows (as perplexity is measured for GPT-2), with parts of the model switched off if asked. Several
// ablations of the same text run stacked along the batch dimension, one per row, so the table of every head's
// importance costs a few batched passes instead of one pass per head.
import { noGrad, tidy } from '../runtime';
import { tensor } from '../tensor';
import type { Ablation } from './ablation';
import type { GPT } from './gpt';

export interface EvaluateOptions {
  /**
   * How far each window moves on: a position scored in a later window keeps at least blockSize − stride tokens of
   * context (stride 1: every position has the full context, at one forward pass per token). Default blockSize / 2.
   */
  stride?: number;
  /** Most ablations stacked in one batch (bounds memory: logits are rows × blockSize × vocabSize floats). */
  maxRows?: number;
  /** Called after each window with the windows done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between windows; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Per predicted position j = 1 … N−1 of a text of N tokens (index i holds position i + 1). */
export interface Evaluation {
  /** The token at that position: what the model had to predict. */
  targets: Int32Array;
  /** The probability the model gave it. */
  probabilities: Float64Array;
  /** Cross-entropy, −ln probability, in nats. */
  losses: Float64Array;
  /** How many tokens of context the prediction saw. */
  contexts: Int32Array;
  /** Mean of losses. */
  meanLoss: number;
}

export interface Window {
  /** Input tokens ids[begin, end); it predicts positions begin + 1 … end. */
  begin: number;
  end: number;
  /** Positions up to this one were scored by an earlier window: this one scores from + 1 … end. */
  from: number;
}

/**
 * Windows of at most `context` tokens over a text of n tokens. Each ends `stride` further on than the one before
 * and starts as far back as its context allows, so every window but a short text's only one is full.
 */
export function slidingWindows(n: number, context: number, stride: number): Window[] {
  const windows: Window[] = [];
  const last = n - 1; // the last position that has a target
  for (let from = 0, end = Math.min(context, last); from < last; from = end, end = Math.min(end + stride, last)) {
    windows.push({ begin: Math.max(0, end - context), end, from });
  }
  return windows;
}

function checkInputs(model: GPT, ids: readonly number[], stride: number): void {
  const V = model.config.vocabSize;
  if (ids.length < 2) throw new Error('the text needs at least two tokens: one to read and one to predict');
  const bad = ids.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= V);
  if (bad >= 0) throw new Error(`token ${bad} (id ${ids[bad]}) is not in this model's vocabulary of ${V}`);
  if (!Number.isInteger(stride) || stride < 1 || stride > model.config.blockSize) {
    throw new Error(`the stride must be a whole number from 1 to the context length ${model.config.blockSize}, got ${stride}`);
  }
}

/**
 * The loss of `model` on every position of `ids` under each ablation (one Evaluation per ablation, in order).
 * @example const [plain, noHead0] = await evaluateAblations(model, ids, [{}, { heads: maskWithHeadOff(0, 0) }]);
 */
export async function evaluateAblations(model: GPT, ids: readonly number[], ablations: readonly Ablation[],
  o: EvaluateOptions = {}): Promise<Evaluation[]> {
  const { blockSize, vocabSize: V } = model.config;
  const stride = o.stride ?? Math.max(1, Math.floor(blockSize / 2));
  checkInputs(model, ids, stride);
  if (ablations.length === 0) return [];
  const n = ids.length - 1;
  const results = ablations.map((): Evaluation => ({
    targets: Int32Array.from(ids.slice(1)), probabilities: new Float64Array(n), losses: new Float64Array(n),
    contexts: new Int32Array(n), meanLoss: NaN,
  }));
  const maxRows = Math.max(1, o.maxRows ?? 32);
  const windows = slidingWindows(ids.length, blockSize, stride);
  for (const [w, { begin, end, from }] of windows.entries()) {
    if (o.signal?.aborted) throw o.signal.reason ?? new Error('evaluation cancelled');
    const row = ids.slice(begin, end), L = row.length;
    for (let first = 0; first < ablations.length; first += maxRows) {
      const chunk = ablations.slice(first, first + maxRows), R = chunk.length;
      const logits = tidy(() => noGrad(() =>
        model.forward(tensor(chunk.flatMap(() => row), [R, L]), { ablation: chunk }).logits)); // (R, L, V)
      const values = await logits.data();
      logits.dispose();
      chunk.forEach((_, r) => {
        const out = results[first + r];
        for (let i = from - begin; i < L; i++) { // input position i predicts position begin + i + 1
          const base = (r * L + i) * V, target = ids[begin + i + 1];
          let max = -Infinity;
          for (let v = 0; v < V; v++) max = Math.max(max, values[base + v]);
          let total = 0;
          for (let v = 0; v < V; v++) total += Math.exp(values[base + v] - max);
          const loss = max + Math.log(total) - values[base + target];
          const at = begin + i; // index of position begin + i + 1
          out.losses[at] = loss;
          out.probabilities[at] = Math.exp(-loss);
          out.contexts[at] = i + 1;
        }
      });
    }
    o.onProgress?.(w + 1, windows.length);
  }
  for (const r of results) r.meanLoss = r.losses.reduce((s, x) => s + x, 0) / n;
  return results;
}

/** The loss on every position of `ids`, with `ablation` applied (none by default). */
export async function evaluate(model: GPT, ids: readonly number[], o: EvaluateOptions & { ablation?: Ablation } = {}): Promise<Evaluation> {
  return (await evaluateAblations(model, ids, [o.ablation ?? {}], o))[0];
}

export interface HeadImportance {
  /** Mean loss with every head on. */
  baseline: number;
  /** meanLoss[layer][head]: the mean loss with that one head switched off. */
  meanLoss: number[][];
  /** increase[layer][head] = meanLoss − baseline: how much the model relies on that head for this text. */
  increase: number[][];
}

/** The ablation that switches off one head and leaves everything else on. */
export function headOff(nLayer: number, nHead: number, layer: number, head: number): Ablation {
  return { heads: Array.from({ length: nLayer }, (_, l) => Array.from({ length: nHead }, (_, h) => (l === layer && h === head ? 0 : 1))) };
}

/** Every head switched off in turn, all evaluated in the same batched passes as the unablated model. */
export async function headImportance(model: GPT, ids: readonly number[], o: EvaluateOptions = {}): Promise<HeadImportance> {
  const { nLayer, nHead } = model.config;
  const heads = Array.from({ length: nLayer * nHead }, (_, i) => headOff(nLayer, nHead, Math.floor(i / nHead), i % nHead));
  const [plain, ...ablated] = await evaluateAblations(model, ids, [{}, ...heads], o);
  const meanLoss = Array.from({ length: nLayer }, (_, l) => ablated.slice(l * nHead, (l + 1) * nHead).map((e) => e.meanLoss));
  return { baseline: plain.meanLoss, meanLoss, increase: meanLoss.map((row) => row.map((x) => x - plain.meanLoss)) };
}
