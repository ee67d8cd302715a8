// The pre-training recipes the chapter offers, as plain data (the page and scripts/training-presets.ts read the
// same objects, so the figures measured in Node are for exactly what the reader runs). A recipe names a model
// shape, the training settings, and which slice of the corpus it reads.

export interface ModelShape {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  /** Context length, T. */
  blockSize: number;
}

export interface TrainSettings {
  steps: number;
  batchSize: number;
  maxLr: number;
  minLr: number;
  warmupIters: number;
  /** 'cosine': warm up, then decay to minLr over the run (nanoGPT); 'constant': maxLr throughout. */
  schedule: 'cosine' | 'constant';
  evalInterval: number;
  evalIters: number;
  weightDecay: number;
  seed: number;
  /**
   * 'torch': PyTorch's random stream for the initial weights (nanoGPT's init) and every batch, evaluations drawing
   * fresh batches from it as nanoGPT's estimate_loss does, so a run replays PyTorch's numbers. Absent: the engine's.
   */
  randomStream?: 'torch';
  /** Train only the top this many blocks (a model too big to train whole: estimate.ts's trainingPlan). */
  trainLastBlocks?: number;
}

export interface Preset {
  id: PresetId;
  label: string;
  /** What the reader should watch for, one sentence. */
  purpose: string;
  /** Tokenizer the preset is made for; 'knob' follows the chapter's trainTokenizer knob. */
  tokenizer: 'knob' | 'char';
  shape: ModelShape;
  train: TrainSettings;
  /** How many characters of the corpus to read (the rest is not used): small data overfits. Null: all of it. */
  corpusCharacters: number | null;
  /** Sample the fixed prompt every this many steps. */
  sampleEvery: number;
}

export type PresetId = 'default' | 'nanogpt' | 'overfit';

export const presets: Record<PresetId, Preset> = {
  // Small enough that a 2-core laptop sees the loss fall within seconds, big enough to write word-like text in a
  // minute or so (scripts/training-presets.ts measures it).
  default: {
    id: 'default',
    label: 'Quick start (about a minute)',
    purpose: 'Watch gibberish turn into words: the loss falls fast from the random-guess line.',
    tokenizer: 'knob',
    shape: { nLayer: 2, nHead: 4, nEmbd: 64, blockSize: 64 },
    train: {
      steps: 500, batchSize: 16, maxLr: 4e-3, minLr: 4e-4, warmupIters: 20, schedule: 'cosine',
      evalInterval: 25, evalIters: 4, weightDecay: 0.1, seed: 1337,
    },
    corpusCharacters: null,
    sampleEvery: 50,
  },
  // nanoGPT's Shakespeare-char CPU recipe (scripts/cli/presets.ts `nanogpt-cpu`), its PyTorch curve drawn beside.
  nanogpt: {
    id: 'nanogpt',
    label: 'nanoGPT recipe (Shakespeare, characters)',
    purpose: 'The recipe PyTorch users run first: compare our curve with PyTorch’s on the same settings.',
    tokenizer: 'char',
    shape: { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64 },
    train: {
      steps: 2000, batchSize: 12, maxLr: 1e-3, minLr: 1e-4, warmupIters: 100, schedule: 'cosine',
      evalInterval: 250, evalIters: 20, weightDecay: 0.1, seed: 1337, randomStream: 'torch',
    },
    corpusCharacters: null,
    sampleEvery: 250,
  },
  // Little text, a model with room to memorise it, a high constant rate: train loss keeps falling, validation
  // loss turns up. The chart marks where validation was best.
  overfit: {
    id: 'overfit',
    label: 'Overfit on a little text',
    purpose: 'Train loss keeps falling but validation turns up: the model memorises instead of learning.',
    tokenizer: 'knob',
    shape: { nLayer: 2, nHead: 4, nEmbd: 96, blockSize: 32 },
    train: {
      steps: 300, batchSize: 16, maxLr: 3e-3, minLr: 3e-3, warmupIters: 10, schedule: 'constant',
      evalInterval: 20, evalIters: 4, weightDecay: 0, seed: 1337,
    },
    corpusCharacters: 8_000,
    sampleEvery: 50,
  },
};

export const presetIds = Object.keys(presets) as PresetId[];

/** The prompt every sample in the timeline continues, so two moments can be compared word for word. */
export const samplePrompt = 'ROMEO:\n';

/** The engine's schedule for these settings (constant: decay never starts, min = max). */
export function scheduleOf(t: TrainSettings) {
  return t.schedule === 'constant'
    ? { maxLr: t.maxLr, minLr: t.maxLr, warmupIters: t.warmupIters, decayIters: t.steps }
    : { maxLr: t.maxLr, minLr: t.minLr, warmupIters: t.warmupIters, decayIters: t.steps };
}

/** The worker's `train` settings for a recipe. */
export function engineTrainConfig(t: TrainSettings) {
  return {
    maxIters: t.steps, batchSize: t.batchSize, schedule: scheduleOf(t), weightDecay: t.weightDecay,
    evalInterval: t.evalInterval, evalIters: t.evalIters, seed: t.seed, beta1: 0.9, beta2: 0.99, gradClip: 1,
    ...(t.randomStream === 'torch' ? { randomStream: 'torch' as const, evalBatches: 'fresh' as const } : {}),
    ...(t.trainLastBlocks ? { trainLastBlocks: t.trainLastBlocks } : {}),
  };
}

/**
 * Fine-tuning on the "who speaks next?" task (public/data/sft-task.json): a low, short learning rate, as
 * fine-tuning uses, so the model learns the answer's form without forgetting all it knew.
 */
export const finetuneRecipe = {
  train: {
    steps: 150, batchSize: 16, maxLr: 5e-4, minLr: 5e-5, warmupIters: 10, schedule: 'cosine',
    evalInterval: 25, evalIters: 2, weightDecay: 0.1, seed: 1337,
  } satisfies TrainSettings,
  /** Windows of this many tokens: every prompt and answer fits (prompts are at most 90 characters). */
  blockSize: 48,
  /** Plain text for the forgetting curve: the end of Tiny Shakespeare (its validation part). */
  plainTextCharacters: 100_000,
  /** Held-out prompts answered at every evaluation. */
  probePrompts: 60,
};
