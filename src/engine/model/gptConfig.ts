// The GPT's hyper-parameters, with nanoGPT's names translated to camelCase and the defaults of its
// Shakespeare-char CPU recipe. Validation gives a reader-facing message for each impossible combination.

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
}

export const defaultConfig: GPTConfig = {
  vocabSize: 65,
  blockSize: 64,
  nLayer: 4,
  nHead: 4,
  nEmbd: 128,
  dropout: 0,
  bias: false,
  positional: 'learned',
};

export function validateConfig(c: GPTConfig): GPTConfig {
  const positiveInts: (keyof GPTConfig)[] = ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'];
  for (const k of positiveInts) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`config.${k} must be a positive integer, got ${String(v)}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`config.nEmbd (${c.nEmbd}) must be divisible by config.nHead (${c.nHead})`);
  if (c.positional === 'rope' && (c.nEmbd / c.nHead) % 2 !== 0) throw new Error('RoPE needs an even head size');
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`config.dropout must be in [0, 1), got ${c.dropout}`);
  if (!['learned', 'sinusoidal', 'rope', 'none'].includes(c.positional)) throw new Error(`unknown positional scheme "${c.positional}"`);
  if (typeof c.bias !== 'boolean') throw new Error('config.bias must be true or false');
  return c;
}

/** Parameter count, with the token embedding counted once (it is tied to the output head). */
export function countParameters(c: GPTConfig): number {
  const C = c.nEmbd, b = c.bias ? 1 : 0;
  const perBlock = 2 * (C + b * C) + (3 * C * C + b * 3 * C) + (C * C + b * C) + (4 * C * C + b * 4 * C) + (4 * C * C + b * C);
  return c.vocabSize * C + (c.positional === 'learned' ? c.blockSize * C : 0) + c.nLayer * perBlock + (C + b * C);
}
