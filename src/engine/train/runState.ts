// A training run that can stop and go on. Its run state is a checkpoint holding everything an exact resume needs:
// weights, AdamW moments and step count, the trainer's position in its batch stream, its settings, and a
// fingerprint of its data. A page keeps the bytes (a paused run, a reload) and hands them back to resume; loaded
// as a plain checkpoint, the same bytes are the model so far.
import type { Tensor } from '../tensor';
import type { Tokenizer } from '../tokenizer';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, MAX_CHECKPOINT_BYTES, type TrainingMeta } from './checkpoint';
import type { BatchSource } from './data';
import { loadModel, saveModel, type LoadedModel } from './modelFile';
import { NonFiniteLossError, Trainer, type ResumableRandom, type TrainConfig, type TrainerPosition } from './trainer';

/** A trainer on either stream (the engine's Rng or PyTorch's): run states save and restore both. */
type AnyTrainer = Trainer<ResumableRandom>;

/** What a run state adds to a checkpoint's notes. */
export interface RunNotes {
  position: TrainerPosition;
  config: TrainConfig;
  /** The data's fingerprint (BatchSource.fingerprint). */
  data: string;
}

export interface LoadedRunState extends LoadedModel {
  optimizerState: NonNullable<LoadedModel['optimizerState']>;
  run: RunNotes;
}

/**
 * Whether every value of `tensors` is finite, summed on the device with one number read back: Σ x² is finite only
 * if every x is (a value beyond ~1e19, whose square overflows float32, counts as diverged too).
 */
export async function areFinite(tensors: readonly Tensor[]): Promise<boolean> {
  if (tensors.length === 0) return true;
  const backend = tensors[0].backend;
  const partial = backend.alloc(1);
  let acc = backend.alloc(1), spare = backend.alloc(1);
  for (const t of tensors) {
    backend.kernels.sumSquares(t.buffer, partial);
    backend.kernels.binary('add', acc, partial, spare, { outShape: [1], aStrides: [1], bStrides: [1] });
    [acc, spare] = [spare, acc];
  }
  const [sum] = await backend.readAsync(acc);
  for (const b of [partial, acc, spare]) backend.free(b);
  return Number.isFinite(sum);
}

function trainedTensors(trainer: AnyTrainer): Tensor[] {
  const { m, v } = trainer.optimizer.state();
  return [...trainer.model.parameters(), ...m, ...v];
}

/** The run state of `trainer` now; null when a weight or moment is not finite (a diverged run has none to keep). */
export async function saveRunState(trainer: AnyTrainer, tokenizer: Tokenizer, meta: Omit<TrainingMeta, 'iter'>): Promise<Uint8Array | null> {
  if (!(await areFinite(trainedTensors(trainer)))) return null;
  const run: RunNotes = { position: trainer.position, config: trainer.config, data: trainer.data.fingerprint() };
  return saveModel(trainer.model, tokenizer, { ...meta, iter: trainer.iter, notes: { ...meta.notes, run } }, { optimizer: trainer.optimizer });
}

/** Reads a run state; a checkpoint without optimizer moments or position is refused with a CheckpointError. */
export function loadRunState(bytes: Uint8Array): LoadedRunState {
  const loaded = loadModel(bytes);
  const run = loaded.meta.notes?.run as RunNotes | undefined;
  if (!loaded.optimizerState || !run?.position || !run.config || typeof run.data !== 'string') {
    loaded.model.dispose();
    throw new CheckpointError('it is a model, not a paused training run (it has no optimizer state or position to resume from)');
  }
  return { ...loaded, optimizerState: loaded.optimizerState, run };
}

/** A run state this engine made in the same call: a 124M model trained at its top is about 0.6 GB of them. */
const MAX_RUN_STATE_BYTES = 4 * MAX_CHECKPOINT_BYTES;

/**
 * The model alone from a run state (a checkpoint a third the size, without moments or position), and its meta. A
 * model past the checkpoint limit in float32 (GPT-2 124M, fine-tuned at its top) is written in float16, as the lab
 * keeps an imported GPT-2.
 */
export function modelOfRunState(bytes: Uint8Array): { bytes: Uint8Array; meta: TrainingMeta } {
  const c = decodeCheckpoint(bytes, MAX_RUN_STATE_BYTES);
  const tensors = new Map([...c.tensors].filter(([name]) => !name.startsWith('adam.')));
  const { run: _run, adamStep: _adamStep, ...notes } = c.meta.notes ?? {};
  const meta = { ...c.meta, notes };
  const floats = [...tensors.values()].reduce((n, t) => n + t.data.length, 0);
  return { bytes: encodeCheckpoint({ ...c, tensors, meta }, { dtype: 4 * floats > MAX_CHECKPOINT_BYTES - 1_000_000 ? 'float16' : 'float32' }), meta };
}

/**
 * A trainer that goes on with a saved run: its weights, moments and position, its settings with `changes` applied
 * (a larger maxIters, say; any other change makes the rest of the run differ from an uninterrupted one), on `data`,
 * which must be what the run trained on.
 */
export function resumeTrainer(saved: LoadedRunState, data: BatchSource, changes: Partial<TrainConfig> = {}): AnyTrainer {
  if (data.fingerprint() !== saved.run.data) {
    throw new RangeError('this run was saved while training on other data: resume it with the same text or examples');
  }
  const config = { ...saved.run.config, ...changes };
  if (config.maxIters < saved.run.position.iter) {
    throw new RangeError(`maxIters must be at least ${saved.run.position.iter}, the iteration this run was saved at; got ${config.maxIters}`);
  }
  // The config names the stream (randomStream), so the trainer makes the right kind; its state comes with position.
  const trainer: AnyTrainer = new Trainer<ResumableRandom>(saved.model, data, config);
  trainer.optimizer.loadState(saved.optimizerState);
  trainer.position = saved.run.position;
  return trainer;
}

/**
 * Run states a page can trust. One is taken every `every` steps but handed out only after the next step's loss
 * came out finite, so weights that produced a NaN are never sent; the last trusted one is what a failed run
 * returns. The first is the state before any step.
 */
export class TrustedRunStates {
  last: { bytes: Uint8Array; iter: number } | null = null;
  private pending: { bytes: Uint8Array; iter: number } | null = null;

  constructor(
    private readonly trainer: AnyTrainer,
    private readonly tokenizer: Tokenizer,
    private readonly meta: () => Omit<TrainingMeta, 'iter'>,
    private readonly every: number,
  ) {}

  /** Takes the starting state (a loaded checkpoint or a saved run): trusted as given. */
  async start(): Promise<void> {
    this.last = await this.take();
  }

  /** After a completed step: the state this step vouched for (or null), and the next one taken when due. */
  async afterStep(): Promise<Uint8Array | null> {
    const vouched = this.pending; // its weights just gave a finite loss and gradient
    if (vouched) this.last = vouched;
    this.pending = this.every > 0 && this.trainer.iter % this.every === 0 ? await this.take() : null;
    return vouched?.bytes ?? null;
  }

  /**
   * The state to end with when the run stops (finished or cancelled): the weights as they are when finite (the
   * step that made them had a finite loss and gradient), else the last trusted state.
   */
  async final(): Promise<{ bytes: Uint8Array; iter: number }> {
    if (this.pending?.iter === this.trainer.iter) return this.pending;
    try {
      return await this.take();
    } catch (error) {
      if (error instanceof NonFiniteLossError && this.last) return this.last;
      throw error;
    }
  }

  private async take(): Promise<{ bytes: Uint8Array; iter: number }> {
    const bytes = await saveRunState(this.trainer, this.tokenizer, this.meta());
    if (!bytes) throw new NonFiniteLossError(this.trainer.iter, 'weights');
    return { bytes, iter: this.trainer.iter };
  }
}
