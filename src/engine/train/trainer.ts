// The training loop, as minGPT's Trainer: step, evaluate, sample, with callbacks for the UI and the CLI and an
// AbortSignal to cancel. A step whose loss or gradient is not finite is not applied: the weights keep their last
// good values and training stops with a message that says so.
import { backward, zeroGrad } from '../autograd';
import type { GPT } from '../model/gpt';
import { AdamW, clipScale, gradSquaredSum } from '../optim/adamw';
import type { Tensor } from '../tensor';
import { cosineLr, type CosineSchedule } from '../optim/schedule';
import { noGrad, tidy, withBackend } from '../runtime';
import { Rng } from '../util/rng';
import { TorchGenerator } from '../util/torchGenerator';
import { drawBatch, type BatchSource, type RandomSource, type Split } from './data';
import { TrainConfigError, validateTrainConfig } from './trainConfig';
import { MAX_MODEL_BYTES, partialTrainingBytes } from '../model/gptConfig';

export interface TrainConfig {
  maxIters: number;
  batchSize: number;
  /** Window length T (≤ the model's block size). */
  blockSize: number;
  schedule: CosineSchedule;
  weightDecay: number;
  beta1: number;
  beta2: number;
  /** Global gradient-norm clip (null: off). */
  gradClip: number | null;
  /** Evaluate every this many iterations (and at the first and last). */
  evalInterval: number;
  /** Batches averaged per evaluation. */
  evalIters: number;
  /**
   * 'fixed' (the default): every evaluation uses the same batches, drawn from their own generator, so a curve's
   * wiggles are the model's and not the sample's. 'fresh': each evaluation draws new batches from the training
   * stream, as nanoGPT's estimate_loss does, which a run that replays nanoGPT's stream needs.
   */
  evalBatches?: 'fixed' | 'fresh';
  /**
   * Where training batches come from when no generator is given: 'engine' (the default, the engine's small Rng)
   * or 'torch' (PyTorch's CPU stream, TorchGenerator, so a run can replay nanoGPT's batches for the same seed).
   */
  randomStream?: 'engine' | 'torch';
  seed: number;
  /**
   * Train only the top this many transformer blocks and the final LayerNorm; the embeddings (tied to the output
   * head) and the blocks below stay frozen: no gradient, no AdamW moments, no graph kept below the first trained
   * block. How a model too big to train whole in a tab (GPT-2 124M) is fine-tuned. Absent: every parameter trains.
   */
  trainLastBlocks?: number;
}

/** A random source whose position in its stream can be saved and restored (checkpoints, rollback). */
export interface ResumableRandom<S = unknown> extends RandomSource {
  state: S;
}

/**
 * Where a run stands, apart from weights and AdamW moments: what an exact resume (a checkpoint, a rollback after a
 * lost GPU) restores. JSON-serialisable.
 */
export interface TrainerPosition {
  iter: number;
  /** The batch stream's state (rng.state). */
  rng: unknown;
  pendingStarts: number[] | null;
  lastEvalIter: number;
  /** The model's own stream (dropout masks); absent in positions saved before it was kept. */
  modelRng?: number;
}

export interface TrainerOptions<R> {
  /** The stream training batches come from (default: the engine's Rng seeded with config.seed). */
  rng?: R;
  /**
   * Awaited between two evaluation batches: a worker passes a macrotask there, so it answers its page's pings
   * while a big model (GPT-2 124M: seconds a batch) evaluates. Numbers do not depend on it.
   */
  betweenBatches?: () => Promise<void>;
}

export interface StepEvent { iter: number; loss: number; lr: number; gradNorm: number; ms: number }
export interface EvalEvent { iter: number; train: number; val: number }

export interface TrainCallbacks {
  onStep?(e: StepEvent): void | Promise<void>;
  onEval?(e: EvalEvent): void | Promise<void>;
  signal?: AbortSignal;
}

/** A step (its loss or gradient) or the weights themselves came out NaN or infinite; `iter` is where. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(readonly iter: number, readonly what: 'loss' | 'gradient' | 'weights') {
    super(`training stopped at iteration ${iter}: the ${what} became NaN or infinite; ` +
      (what === 'weights' ? 'the run goes back to its last good state. ' : 'the weights keep their values from the last good step. ') +
      'Try a lower learning rate or gradient clipping.');
  }
}

export class Trainer<R extends ResumableRandom = Rng> {
  readonly optimizer: AdamW;
  /** Iterations completed; resuming continues from here. */
  iter = 0;
  readonly rng: R;
  /**
   * Where the next training batch starts, when it was drawn ahead of an evaluation (nanoGPT fetches the next
   * batch before it evaluates, so with fresh evaluation batches the order of draws matters); null otherwise.
   * Part of the stream's state: save and restore it with rng.state.
   */
  pendingStarts: number[] | null = null;
  /**
   * The iteration last evaluated (−1: none). A run resumed from a checkpoint saved at an evaluation does not
   * evaluate that iteration again: with fresh evaluation batches a second evaluation would move the stream.
   */
  lastEvalIter = -1;

  private readonly betweenBatches: (() => Promise<void>) | undefined;

  constructor(readonly model: GPT, readonly data: BatchSource, readonly config: TrainConfig, options: TrainerOptions<R> = {}) {
    validateTrainConfig(config, model.config.blockSize);
    this.betweenBatches = options.betweenBatches;
    this.rng = options.rng ?? ((config.randomStream === 'torch' ? new TorchGenerator(config.seed) : new Rng(config.seed)) as unknown as R);
    this.optimizer = new AdamW(trainedParameters(model, config), {
      lr: config.schedule.maxLr, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay,
    });
  }

  /** Where the run stands (see TrainerPosition); assign one to resume from it. */
  get position(): TrainerPosition {
    return {
      iter: this.iter, rng: this.rng.state, pendingStarts: this.pendingStarts, lastEvalIter: this.lastEvalIter,
      modelRng: this.model.rng.state,
    };
  }

  set position(p: TrainerPosition) {
    this.iter = p.iter;
    this.rng.state = p.rng as R['state'];
    this.pendingStarts = p.pendingStarts;
    this.lastEvalIter = p.lastEvalIter;
    if (p.modelRng !== undefined) this.model.rng.state = p.modelRng;
  }

  /** One optimisation step on a fresh batch; returns the loss before the update. */
  async step(): Promise<StepEvent> {
    const started = performance.now();
    const { model, config } = this;
    const params = model.parameters();
    const lr = cosineLr(this.iter, config.schedule);
    zeroGrad(params);
    model.training = true;
    const starts = this.pendingStarts ?? this.drawTrainStarts();
    this.pendingStarts = null;
    const lossTensor = withBackend(model.backend, () => tidy(() => {
      const { x, y } = this.data.windows('train', starts, config.blockSize);
      const { loss } = model.forward(x, { targets: y });
      backward(loss!);
      return loss!;
    }));
    model.training = false;
    const { loss, norm } = await readLossAndGradNorm(lossTensor, params);
    lossTensor.dispose();
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(this.iter, 'loss');
    if (!Number.isFinite(norm)) throw new NonFiniteLossError(this.iter, 'gradient');
    noGrad(() => this.optimizer.step({ lr, gradScale: clipScale(norm, config.gradClip) }));
    zeroGrad(params);
    this.iter++;
    return { iter: this.iter, loss, lr, gradNorm: norm, ms: performance.now() - started };
  }

  /** Mean loss over evalIters batches of a split, without gradients. */
  async estimateLoss(split: Split, rng: RandomSource = this.evalRandom()): Promise<number> {
    let total = 0;
    for (let i = 0; i < this.config.evalIters; i++) {
      const loss = withBackend(this.model.backend, () => tidy(() => noGrad(() => {
        const { x, y } = drawBatch(this.data, split, this.config.batchSize, this.config.blockSize, rng);
        return this.model.forward(x, { targets: y }).loss!;
      })));
      total += (await loss.data())[0];
      loss.dispose();
      await this.betweenBatches?.();
    }
    return total / this.config.evalIters;
  }

  async evaluate(): Promise<EvalEvent> {
    this.lastEvalIter = this.iter;
    if (this.config.evalBatches === 'fresh') this.pendingStarts ??= this.drawTrainStarts();
    const rng = this.evalRandom(); // one stream for both splits: train's batches, then val's
    return { iter: this.iter, train: await this.estimateLoss('train', rng), val: await this.estimateLoss('val', rng) };
  }

  private evalRandom(): RandomSource {
    return this.config.evalBatches === 'fresh' ? this.rng : new Rng(this.config.seed + 1);
  }

  private drawTrainStarts(): number[] {
    return this.data.starts('train', this.config.batchSize, this.config.blockSize, this.rng);
  }

  /** Runs until maxIters or until the signal aborts; evaluates at 0, every evalInterval, and at the end. */
  async run(cb: TrainCallbacks = {}): Promise<void> {
    const { maxIters, evalInterval } = this.config;
    // Work first, then the callback: `cb.onStep?.(await this.step())` would skip the step itself without a callback.
    while (this.iter < maxIters && !cb.signal?.aborted) {
      if (this.iter % evalInterval === 0 && this.iter !== this.lastEvalIter) {
        const evaluation = await this.evaluate();
        await cb.onEval?.(evaluation);
        if (cb.signal?.aborted) break; // stopped during the evaluation (a pause, an early stop): no further step
      }
      const step = await this.step();
      await cb.onStep?.(step);
    }
    if (this.iter === maxIters && this.iter !== this.lastEvalIter) {
      const evaluation = await this.evaluate();
      await cb.onEval?.(evaluation);
    }
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/**
 * The parameters a run trains: all of them, or with trainLastBlocks the top blocks and ln_f, the others frozen
 * here (requiresGrad off, so the ops below the first trained block record no graph). A partial run must fit the
 * tab with a batch of one, as a whole model must when it is built for training (assertModelFits).
 */
function trainedParameters(model: GPT, config: TrainConfig): Tensor[] {
  const top = config.trainLastBlocks;
  if (top === undefined) return model.parameters();
  const { nLayer } = model.config;
  if (!Number.isInteger(top) || top < 1 || top > nLayer) throw new TrainConfigError('trainLastBlocks', `a whole number from 1 to the model's ${nLayer} blocks`, top);
  const bytes = partialTrainingBytes(model.config, top, 1, config.blockSize);
  if (bytes > MAX_MODEL_BYTES) {
    const gb = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GB`;
    throw new RangeError(`training the last ${top} of ${nLayer} blocks would need about ${gb(bytes)}, over the ${gb(MAX_MODEL_BYTES)} limit: train fewer blocks or use shorter windows`);
  }
  const trained: Tensor[] = [];
  for (const [name, p] of model.namedParameters()) {
    p.requiresGrad = isTrainedParameter(name, nLayer, top);
    if (p.requiresGrad) trained.push(p);
  }
  return trained;
}

/** Whether parameter `name` (GPT-2 names) trains when only the top `top` of `nLayer` blocks and ln_f do. */
export function isTrainedParameter(name: string, nLayer: number, top: number): boolean {
  const block = /^h\.(\d+)\./.exec(name);
  return name.startsWith('ln_f.') || (block !== null && Number(block[1]) >= nLayer - top);
}

/** The loss and the gradients' global norm in one read-back (a GPU step then waits for the device once). */
async function readLossAndGradNorm(loss: Tensor, params: Tensor[]): Promise<{ loss: number; norm: number }> {
  const backend = loss.backend;
  const squares = gradSquaredSum(params);
  const both = backend.alloc(2);
  const one = { shape: [1], srcStrides: [1], srcOffset: 0, dstStrides: [1] };
  backend.kernels.copyStrided(loss.buffer, both, { ...one, dstOffset: 0 });
  if (squares) backend.kernels.copyStrided(squares.buffer, both, { ...one, dstOffset: 1 });
  const values = await backend.readAsync(both);
  backend.free(both);
  if (squares) backend.free(squares.buffer);
  return { loss: values[0], norm: Math.sqrt(values[1]) };
}
