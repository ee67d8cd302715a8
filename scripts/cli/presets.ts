// Training recipes the CLI knows. nanogpt-cpu is nanoGPT's Shakespeare-char CPU recipe (REFERENCES.md), to
// compare our engine's curve with PyTorch's; default trains the model shipped in public/models/.
import type { GPTConfig, TrainConfig } from '../../src/engine';

export interface Preset {
  description: string;
  tokenizer: { kind: 'char' } | { kind: 'bpe'; vocabSize: number };
  model: Omit<GPTConfig, 'vocabSize'>;
  train: TrainConfig;
  /** Batches averaged for the final, reported validation loss. */
  finalEvalIters: number;
  /**
   * 'torch': start from the weights and draw the batches that nanoGPT draws with PyTorch's generator for the same
   * seed (TorchGenerator, initLikeNanoGPT), so the curve can be compared with nanoGPT's step for step.
   * 'engine': the engine's own generator.
   */
  randomStream: 'engine' | 'torch';
}

export const presets: Record<string, Preset> = {
  'nanogpt-cpu': {
    description: "nanoGPT's Shakespeare-char CPU recipe: 4 layers, 4 heads, 128 wide, 2000 iterations",
    tokenizer: { kind: 'char' },
    // nanoGPT's MLP uses nn.GELU(), the exact form.
    model: { blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, bias: false, positional: 'learned', activation: 'gelu' },
    train: {
      maxIters: 2000, batchSize: 12, blockSize: 64, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1,
      evalInterval: 250, evalIters: 20, evalBatches: 'fresh', seed: 1337,
      schedule: { maxLr: 1e-3, minLr: 1e-4, warmupIters: 100, decayIters: 2000 },
    },
    finalEvalIters: 200,
    randomStream: 'torch',
  },
  default: {
    description: 'the shipped model: byte-level BPE (1024 tokens) on Tiny Shakespeare, 4 layers, 4 heads, 128 wide',
    tokenizer: { kind: 'bpe', vocabSize: 1024 },
    // The shipped model was trained with GPT-2's tanh GELU; kept so this preset still reproduces it.
    model: {
      blockSize: 128, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, bias: false, positional: 'learned', activation: 'gelu_tanh',
    },
    train: {
      maxIters: 2500, batchSize: 12, blockSize: 128, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1,
      evalInterval: 250, evalIters: 20, seed: 1337,
      schedule: { maxLr: 1.5e-3, minLr: 1.5e-4, warmupIters: 100, decayIters: 2500 },
    },
    finalEvalIters: 200,
    randomStream: 'engine',
  },
  tiny: {
    description: 'a seconds-long smoke run (CI and quick checks)',
    tokenizer: { kind: 'char' },
    model: { blockSize: 32, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0, bias: false, positional: 'learned' },
    train: {
      maxIters: 40, batchSize: 4, blockSize: 32, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1,
      evalInterval: 20, evalIters: 2, seed: 1337,
      schedule: { maxLr: 3e-3, minLr: 3e-4, warmupIters: 5, decayIters: 40 },
    },
    finalEvalIters: 4,
    randomStream: 'engine',
  },
};
