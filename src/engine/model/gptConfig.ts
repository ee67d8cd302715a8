// The GPT's hyper-parameters, with nanoGPT's names translated to camelCase and the defaults of its
// Shakespeare-char CPU recipe. Validation gives a reader-facing message for each impossible combination, rejects
// keys it does not know (a typo such as "nLayers" would otherwise be silently ignored), and refuses a model too big
// to hold before anything is allocated.

import type { Activation } from '../nn/mlp';

export type { Activation };
export type PositionalScheme = 'learned' | 'sinusoidal' | 'rope' | 'none';

export interface GPTConfig {
  /** Number of distinct tokens (the tokenizer's vocabulary size). */
  vocabSize: number;
  /** The longest context the model reads, T. */
  blockSize: number;
  /** Transformer blocks stacked. */
  nLayer: number;
  /** Attention heads per block; nEmbd must divide evenly among them. */
  nHead: number;
  /** Width of the residual stream, C. */
  nEmbd: number;
  /** Probability of zeroing an activation in training (0 = off). */
  dropout: number;
  /** Biases in Linear and LayerNorm (GPT-2: true; nanoGPT suggests false: a bit better and faster). */
  bias: boolean;
  /** How the model knows where a token stands: learned table (GPT-2), sinusoids (the 2017 paper), RoPE, or none. */
  positional: PositionalScheme;
  /** Default 'gelu' (exact). Checkpoints written before the field existed were all 'gelu_tanh'. */
  activation?: Activation;
  /**
   * Multiply token vectors by √C before positions are added, as "Attention is all you need" does (§3.4), so that
   * ±1 sinusoids do not drown token vectors initialised near ±0.02. Absent means false; it is written only when true,
   * so every file and configuration made before it existed reads exactly as before.
   */
  scaleTokens?: boolean;
}

/** A validated configuration: every field present except the flag `scaleTokens` (absent = false). */
export type FullGPTConfig = Required<Omit<GPTConfig, 'scaleTokens'>> & Pick<GPTConfig, 'scaleTokens'>;

export const defaultConfig: FullGPTConfig = {
  vocabSize: 65,
  blockSize: 64,
  nLayer: 4,
  nHead: 4,
  nEmbd: 128,
  dropout: 0,
  bias: false,
  positional: 'learned',
  activation: 'gelu',
};

const KNOWN_KEYS = new Set([...Object.keys(defaultConfig), 'scaleTokens']);
const POSITIONAL_SCHEMES: readonly PositionalScheme[] = ['learned', 'sinusoidal', 'rope', 'none'];
const ACTIVATIONS: readonly Activation[] = ['gelu', 'gelu_tanh'];

/**
 * Checks a configuration and fills in the defaults of optional fields. Throws an Error naming the field at fault.
 * @example validateConfig({ ...defaultConfig, nLayer: 6 }).activation === 'gelu'
 */
export function validateConfig(input: GPTConfig): FullGPTConfig {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('the model configuration must be an object');
  const unknown = Object.keys(input).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) {
    throw new Error(`config has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; ` +
      `known keys: ${[...KNOWN_KEYS].join(', ')}`);
  }
  const c: FullGPTConfig = { ...input, activation: input.activation ?? 'gelu' };
  const positiveInts = ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const;
  for (const k of positiveInts) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`config.${k} must be a positive integer, got ${String(v)}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`config.nEmbd (${c.nEmbd}) must be divisible by config.nHead (${c.nHead})`);
  if (!POSITIONAL_SCHEMES.includes(c.positional)) throw new Error(`config.positional must be one of ${POSITIONAL_SCHEMES.join(', ')}, got ${String(c.positional)}`);
  if (c.positional === 'rope' && (c.nEmbd / c.nHead) % 2 !== 0) throw new Error('RoPE needs an even head size (config.nEmbd / config.nHead)');
  if (typeof c.dropout !== 'number' || !(c.dropout >= 0 && c.dropout < 1)) throw new Error(`config.dropout must be a number in [0, 1), got ${String(c.dropout)}`);
  if (typeof c.bias !== 'boolean') throw new Error(`config.bias must be true or false, got ${String(c.bias)}`);
  if (!ACTIVATIONS.includes(c.activation)) throw new Error(`config.activation must be one of ${ACTIVATIONS.join(', ')}, got ${String(c.activation)}`);
  if (c.scaleTokens !== undefined && typeof c.scaleTokens !== 'boolean') throw new Error(`config.scaleTokens must be true or false, got ${String(c.scaleTokens)}`);
  if (c.scaleTokens === false) delete c.scaleTokens; // only true is written (see GPTConfig.scaleTokens)
  return c;
}

/** Parameter count, with the token embedding counted once (it is tied to the output head). */
export function countParameters(c: GPTConfig): number {
  const C = c.nEmbd, b = c.bias ? 1 : 0;
  const perBlock = 2 * (C + b * C) + (3 * C * C + b * 3 * C) + (C * C + b * C) + (4 * C * C + b * 4 * C) + (4 * C * C + b * C);
  return c.vocabSize * C + (c.positional === 'learned' ? c.blockSize * C : 0) + c.nLayer * perBlock + (C + b * C);
}

/** The most memory a model may need before the engine refuses to build it (a browser tab dies well before 4 GB). */
export const MAX_MODEL_BYTES = 1.5 * 1024 ** 3;

/**
 * Bytes to train the model, in float32: weights, their gradients and AdamW's two moments (4 floats per parameter),
 * plus one batch row's activations at full context (about 16 floats per position per layer and channel, the
 * (nh, T, T) attention maps, and the (T, V) logits). A lower bound for a batch of one; more rows cost more.
 */
export function estimateModelBytes(c: GPTConfig): number {
  const T = c.blockSize, C = c.nEmbd;
  const activations = c.nLayer * (16 * T * C + 3 * c.nHead * T * T) + 2 * T * c.vocabSize;
  return 4 * (4 * countParameters(c) + activations);
}

/**
 * Parameters in the top `blocks` transformer blocks and the final LayerNorm: what trains when only the top of the
 * model does (the embeddings, tied to the output head, and the blocks below stay frozen).
 */
export function topParameters(c: GPTConfig, blocks: number): number {
  const embeddings = c.vocabSize * c.nEmbd + (c.positional === 'learned' ? c.blockSize * c.nEmbd : 0);
  return countParameters({ ...c, nLayer: blocks }) - embeddings;
}

/**
 * Bytes to train only the top `trainedBlocks` blocks (and ln_f) on `batch` windows of `T` tokens: the model's
 * weights once (the run's copy shares the frozen ones), 16 more bytes per trained parameter (the run's own copy,
 * its gradient, two AdamW moments), and the activations only the trained blocks keep for backward, plus the logits
 * and their gradient. A frozen block keeps no graph, and its forward's intermediates are freed as it ends.
 */
export function partialTrainingBytes(c: GPTConfig, trainedBlocks: number, batch = 1, T = c.blockSize): number {
  const C = c.nEmbd;
  const activations = batch * (trainedBlocks * (16 * T * C + 3 * c.nHead * T * T) + 2 * T * c.vocabSize);
  return 4 * (countParameters(c) + 4 * topParameters(c, trainedBlocks) + activations);
}

/**
 * Bytes to run the model (no training): weights in float32 plus one forward pass at full context — the residual
 * stream and MLP (about 8 floats per position and channel), one layer's attention maps, and the logits.
 */
export function inferenceBytes(c: GPTConfig): number {
  const T = c.blockSize;
  return 4 * (countParameters(c) + 8 * T * c.nEmbd + c.nHead * T * T + T * c.vocabSize);
}

/** Throws, naming both sizes, when a configuration would need more than `cap` bytes. */
export function assertModelFits(c: GPTConfig, cap = MAX_MODEL_BYTES): void {
  const bytes = estimateModelBytes(c);
  if (bytes > cap) {
    const gb = (n: number) => `${(n / 1024 ** 3).toFixed(n < 1024 ** 3 ? 3 : 1)} GB`;
    throw new Error(`this model would need about ${gb(bytes)} (${bytes.toLocaleString('en-US')} bytes) to train, over the ` +
      `${gb(cap)} limit: make it smaller (fewer layers, a narrower width or a shorter context)`);
  }
}
