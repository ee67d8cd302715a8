// A fresh model for the reader's lab: a seeded, untrained GPT of the shape they chose, with their tokenizer, as
// checkpoint bytes (kind 'base') that the lab stores and loads like any other file. Everything is checked before
// any weight is allocated: the shape, the tokenizer, and whether the model fits in memory.
import { createJsBackend } from '../backends/js/jsBackend';
import { GPT } from '../model/gpt';
import { initLikeNanoGPT } from '../model/nanogptInit';
import { TorchGenerator } from '../util/torchGenerator';
import { assertModelFits, countParameters, defaultConfig, validateConfig, type FullGPTConfig, type GPTConfig } from '../model/gptConfig';
import { withBackendAsync } from '../runtime';
import { tokenizerFromJSON, type Tokenizer } from '../tokenizer';
import { saveModel } from './modelFile';

export interface CreateModelOptions {
  /** The shape: layers, heads, width, context, positional scheme, activation… Missing fields take defaultConfig's. */
  config: Partial<Omit<GPTConfig, 'vocabSize'>>;
  /** The tokenizer, built or as its JSON form (char or BPE, trained or rebuilt); it fixes the vocabulary size. */
  tokenizer: Tokenizer | unknown;
  /** Seeds the initial weights: the same seed and shape give the same model. Default 1337. */
  seed?: number;
  /**
   * How the weights are drawn: 'gpt2' (the default: GPT-2's scheme from the engine's own generator) or 'nanogpt'
   * (exactly the weights nanoGPT's model.py draws after torch.manual_seed(seed), from PyTorch's stream). With
   * 'nanogpt' the file's notes keep where that stream stopped (`torchStream`), so a run with randomStream 'torch'
   * draws its batches from there on, as nanoGPT's one generator does.
   */
  init?: 'gpt2' | 'nanogpt';
  label?: string;
  /** The creation time written into the file (default: now). */
  createdAt?: string;
}

export interface CreatedModel {
  bytes: Uint8Array;
  config: FullGPTConfig;
  parameters: number;
}

function isTokenizer(x: unknown): x is Tokenizer {
  return typeof x === 'object' && x !== null && typeof (x as Tokenizer).encode === 'function' && typeof (x as Tokenizer).toJSON === 'function';
}

/**
 * An untrained GPT with GPT-2's initialisation, as checkpoint bytes.
 * @example const { bytes } = await createModel({ config: { nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 64 }, tokenizer: json });
 */
export async function createModel(o: CreateModelOptions): Promise<CreatedModel> {
  let tokenizer: Tokenizer;
  try {
    tokenizer = isTokenizer(o.tokenizer) ? o.tokenizer : tokenizerFromJSON(o.tokenizer);
  } catch (e) {
    throw new Error(`the tokenizer cannot be used (${(e as Error).message})`);
  }
  if (o.config && 'vocabSize' in o.config) throw new Error('config.vocabSize comes from the tokenizer; leave it out');
  const config = validateConfig({ ...defaultConfig, ...o.config, vocabSize: tokenizer.vocabSize });
  assertModelFits(config);
  const seed = o.seed ?? 1337;
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be a whole number, got ${String(seed)}`);
  // Built on the js backend: a fresh model is only written out, never run here.
  return withBackendAsync(createJsBackend('float32'), async () => {
    const model = new GPT(config, seed);
    try {
      const notes: Record<string, unknown> = { untrained: true, seed };
      if (o.init === 'nanogpt') {
        const stream = new TorchGenerator(seed);
        initLikeNanoGPT(model, stream);
        Object.assign(notes, { init: 'nanogpt', torchStream: stream.state });
      } else if (o.init !== undefined && o.init !== 'gpt2') {
        throw new Error(`init must be "gpt2" or "nanogpt", got ${JSON.stringify(o.init)}`);
      }
      const meta = {
        kind: 'base', label: o.label ?? 'untrained model', createdAt: o.createdAt ?? new Date().toISOString(), iter: 0, notes,
      };
      const bytes = await saveModel(model, tokenizer, meta);
      return { bytes, config, parameters: countParameters(config) };
    } finally {
      model.dispose();
    }
  });
}
