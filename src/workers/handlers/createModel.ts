// A fresh, seeded, untrained model of the shape the reader chose, with a tokenizer given as its JSON (char or any
// BPE) or borrowed from a loaded checkpoint; the answer is checkpoint bytes (kind 'base') the lab stores like a file.
import { createModel as createModelFile, type FullGPTConfig } from '../../engine';
import { InputError } from '../engineState';
import { s } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface CreatedModelResult {
  /** The checkpoint file; load it with loadCheckpoint or store it in the lab. */
  bytes: ArrayBuffer;
  config: FullGPTConfig;
  parameters: number;
}

const shapeParams = s.object({
  nLayer: s.optional(s.int({ min: 1, max: 256 })),
  nHead: s.optional(s.int({ min: 1, max: 256 })),
  nEmbd: s.optional(s.int({ min: 1, max: 16_384 })),
  blockSize: s.optional(s.int({ min: 1, max: 16_384 })),
  positional: s.optional(s.literal('learned', 'sinusoidal', 'rope', 'none')),
  scaleTokens: s.optional(s.boolean()),
  activation: s.optional(s.literal('gelu', 'gelu_tanh')),
  dropout: s.optional(s.number({ min: 0, max: 0.99 })),
  bias: s.optional(s.boolean()),
});

export const createModel = method({
  lane: 'queue',
  retry: true,
  params: s.object({
    config: shapeParams,
    /** A tokenizer's JSON form (what Tokenizer.toJSON gives)… */
    tokenizer: s.optional(s.unknown()),
    /** …or the key of a loaded checkpoint whose tokenizer to use (the shipped one: its key). */
    tokenizerOf: s.optional(checkpointKey()),
    seed: s.optional(s.int({ min: 0, max: 2 ** 31 - 1 })),
    /** 'nanogpt': the weights nanoGPT draws for the seed, from PyTorch's stream (engine createModel's `init`). */
    init: s.optional(s.literal('gpt2', 'nanogpt')),
    label: s.optional(s.string({ maxLength: 200 })),
  }),
  async run(p, { state }): Promise<CreatedModelResult> {
    if ((p.tokenizer === undefined) === (p.tokenizerOf === undefined)) {
      throw new InputError('Give the tokenizer either as its JSON (tokenizer) or as a loaded checkpoint\'s key (tokenizerOf), not both or neither.');
    }
    const tokenizer = p.tokenizerOf !== undefined ? state.get(p.tokenizerOf).loaded.tokenizer : p.tokenizer;
    let made;
    try {
      made = await createModelFile({ config: p.config, tokenizer, seed: p.seed, label: p.label, init: p.init });
    } catch (error) {
      throw new InputError(`This model cannot be made: ${(error as Error).message}.`);
    }
    // The file travels to the page without a copy.
    const bytes = made.bytes.byteOffset === 0 && made.bytes.byteLength === made.bytes.buffer.byteLength
      ? made.bytes.buffer as ArrayBuffer : made.bytes.slice().buffer;
    return { bytes, config: made.config, parameters: made.parameters };
  },
});
