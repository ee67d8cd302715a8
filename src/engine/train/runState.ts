// A training run that can stop and go on. Its run state is a checkpoint holding everything an exact resume needs:
// weights, AdamW moments and step count, the trainer's position in its batch stream, its settings, and a
// fingerprint of its data. A page keeps the bytes (a paused run, a reload) and hands them back to resume; loaded
// as a plain checkpoint, the same bytes are the model so far. A run that trains only the top blocks of a model
// (GPT-2 124M in a tab) keeps only what it trains: the frozen rest is named (the model's key and a fingerprint of
// its frozen weights) and taken from that model again to resume, so 124M's state is ~170 MB, not ~0.6 GB.
import type { GPT } from '../model/gpt';
import { copyModel } from '../model/copy';
import type { Tensor } from '../tensor';
import type { Tokenizer } from '../tokenizer';
import { CheckpointError, MAX_CHECKPOINT_BYTES, modelDtypeFor, openCheckpoint, writeCheckpoint, type OpenedCheckpoint, type TensorSource, type TrainingMeta } from './checkpoint';
import { crc32 } from './crc32';
import type { BatchSource } from './data';
import { asFloat32, loadModel, saveModel, type LoadedModel } from './modelFile';
import { NonFiniteLossError, Trainer, type ResumableRandom, type TrainConfig, type TrainerPosition } from './trainer';

/** A trainer on either stream (the engine's Rng or PyTorch's): run states save and restore both. */
type AnyTrainer = Trainer<ResumableRandom>;

/** What a run state adds to a checkpoint's notes. */
export interface RunNotes {
  position: TrainerPosition;
  config: TrainConfig;
  /** The data's fingerprint (BatchSource.fingerprint). */
  data: string;
  /** A run that trains only the top blocks: the model its frozen weights are (the state holds none of them). */
  base?: RunBase;
}

/** The model a partial run state's frozen weights come from. */
export interface RunBase {
  /** What the caller calls it (the worker: the lab's key of the model the run copied); null when it has no name. */
  key: string | null;
  /** CRC-32 of the frozen weights as float32, in model order (frozenFingerprint): resuming on other weights is refused. */
  fingerprint: string;
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

/**
 * CRC-32 of the parameters of `model` that `isFrozen` names, their float32 values in model order, read one tensor
 * at a time. It names the base of a partial run (about a second for GPT-2 124M's 110M frozen weights).
 */
export async function frozenFingerprint(model: GPT, isFrozen: (name: string) => boolean): Promise<string> {
  let crc = 0, count = 0;
  for (const [name, p] of model.namedParameters()) {
    if (!isFrozen(name)) continue;
    const values = await asFloat32(p.data());
    crc = crc32(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), crc);
    count += values.length;
  }
  return `${crc.toString(16).padStart(8, '0')}-${count}`;
}

/** Whether `trainer` trains only part of its model (trainLastBlocks): its run states are then partial. */
const isPartial = (trainer: AnyTrainer) => trainer.optimizer.state().params.length < trainer.model.parameters().length;

/** The base a partial run's states name: `key` and the fingerprint of the weights it does not train; null for a whole run. */
export async function runBaseOf(trainer: AnyTrainer, key: string | null): Promise<RunBase | null> {
  if (!isPartial(trainer)) return null;
  const trained = new Set(trainer.optimizer.state().params);
  const named = trainer.model.namedParameters();
  return { key, fingerprint: await frozenFingerprint(trainer.model, (name) => !trained.has(named.get(name)!)) };
}

/**
 * The run state of `trainer` now; null when a weight or moment is not finite (a diverged run has none to keep). A
 * partial run's holds only its trained parameters and their moments, and names `base` (computed when not given).
 */
export async function saveRunState(
  trainer: AnyTrainer, tokenizer: Tokenizer, meta: Omit<TrainingMeta, 'iter'>, base?: RunBase | null,
): Promise<Uint8Array | null> {
  if (!(await areFinite(trainedTensors(trainer)))) return null;
  const partial = isPartial(trainer);
  const named = partial ? (base ?? (await runBaseOf(trainer, null))) : null;
  const run: RunNotes = { position: trainer.position, config: trainer.config, data: trainer.data.fingerprint(), ...(named ? { base: named } : {}) };
  return saveModel(trainer.model, tokenizer, { ...meta, iter: trainer.iter, notes: { ...meta.notes, run } }, {
    optimizer: trainer.optimizer, parameters: partial ? 'trained' : 'all',
  });
}

/** The notes of a run state, or a CheckpointError for a plain model. */
function runNotesOf(c: Pick<OpenedCheckpoint, 'meta' | 'tensors'>): RunNotes {
  const run = c.meta.notes?.run as RunNotes | undefined;
  const hasMoments = [...c.tensors.keys()].some((name) => name.startsWith('adam.m.'));
  if (!hasMoments || !run?.position || !run.config || typeof run.data !== 'string') {
    throw new CheckpointError('it is a model, not a paused training run (it has no optimizer state or position to resume from)');
  }
  return run;
}

/** Where a partial run state's base comes from: the model under `base.key`, or null when there is none. */
export type FindBase = (base: RunBase) => Pick<LoadedModel, 'model' | 'tokenizer'> | null;

/**
 * Reads a run state; a checkpoint without optimizer moments or position is refused with a CheckpointError. A
 * partial one is resumed on top of its base, which `findBase` gives: refused when it gives none, or a model whose
 * frozen weights are not the ones the run was trained on top of.
 */
export async function loadRunState(bytes: Uint8Array, findBase?: FindBase): Promise<LoadedRunState> {
  const opened = openCheckpoint(bytes);
  const run = runNotesOf(opened);
  if (run.base) return loadPartialRunState(opened, run, run.base, findBase?.(run.base) ?? null);
  const loaded = loadModel(bytes); // a whole model's state: small enough (the checkpoint limit) to check twice
  return { ...loaded, optimizerState: loaded.optimizerState!, run };
}

async function loadPartialRunState(c: OpenedCheckpoint, run: RunNotes, named: RunBase, base: Pick<LoadedModel, 'model' | 'tokenizer'> | null): Promise<LoadedRunState> {
  if (!base) {
    throw new CheckpointError('it is a paused run that trained only the top blocks of a model, and that model is not loaded (open it again, then resume)');
  }
  const given: Record<string, unknown> = { ...base.model.config, activation: base.model.config.activation ?? 'gelu' };
  const saved: Record<string, unknown> = { ...c.config };
  if (Object.keys({ ...given, ...saved }).some((k) => given[k] !== saved[k])) {
    throw new CheckpointError('it was trained on top of a model of another shape than the one given to resume it on');
  }
  const params = base.model.namedParameters();
  const trained = [...params.keys()].filter((name) => c.tensors.has(name));
  for (const name of trained) {
    const shape = c.tensors.get(name)!.shape.join(',');
    if (shape !== params.get(name)!.shape.join(',')) throw new CheckpointError(`parameter "${name}" has shape (${shape}) instead of (${params.get(name)!.shape})`);
    if (!c.tensors.has(`adam.m.${name}`) || !c.tensors.has(`adam.v.${name}`)) throw new CheckpointError(`parameter "${name}" has no AdamW moments`);
  }
  const isFrozen = (name: string) => !c.tensors.has(name);
  if ((await frozenFingerprint(base.model, isFrozen)) !== named.fingerprint) {
    throw new CheckpointError('the model it was trained on top of has changed since (its frozen weights differ), so it cannot go on from there');
  }
  const model = await copyModel(base.model, { frozen: isFrozen });
  try {
    const copied = model.namedParameters();
    for (const name of trained) copied.get(name)!.assign(c.tensors.get(name)!.read());
    const read = (name: string) => c.tensors.get(name)!.read();
    const optimizerState = { stepCount: Number(c.meta.notes?.adamStep ?? 0), m: trained.map((n) => read(`adam.m.${n}`)), v: trained.map((n) => read(`adam.v.${n}`)) };
    return { model, tokenizer: base.tokenizer, meta: c.meta, optimizerState, run };
  } catch (error) {
    model.dispose(); // a value that is not finite: nothing is kept
    throw error;
  }
}

/** A run state this engine made in the same call: a 124M model trained whole would be about 2 GB of them. */
const MAX_RUN_STATE_BYTES = 4 * MAX_CHECKPOINT_BYTES;

/**
 * The model alone from a run state (a checkpoint without moments or position), and its meta, written tensor by
 * tensor into its one buffer. A partial run's is `base` with the trained tensors put back (base must be the model
 * the run copied). A model past the checkpoint limit in float32 (GPT-2 124M) is written in float16, as the lab
 * keeps an imported GPT-2.
 */
export async function modelOfRunState(bytes: Uint8Array, base?: GPT): Promise<{ bytes: Uint8Array; meta: TrainingMeta }> {
  const c = openCheckpoint(bytes, MAX_RUN_STATE_BYTES);
  const { run, adamStep: _adamStep, ...notes } = c.meta.notes ?? {};
  const meta = { ...c.meta, notes };
  if ((run as RunNotes | undefined)?.base && !base) throw new CheckpointError('it holds only the top blocks a run trained; the model to put them on is needed');
  const scratch = { values: new Float32Array(0) };
  const fromFile = (name: string, shape: number[]): TensorSource => ({ name, shape, values: () => c.tensors.get(name)!.read(scratch.values) });
  const tensors: TensorSource[] = base
    ? [...base.namedParameters()].map(([name, p]) => c.tensors.has(name) ? fromFile(name, [...p.shape]) : { name, shape: [...p.shape], values: () => asFloat32(p.data()) })
    : [...c.tensors].filter(([name]) => !name.startsWith('adam.')).map(([name, t]) => fromFile(name, t.shape));
  const sizeOf = (t: TensorSource) => t.shape.reduce((a, b) => a * b, 1);
  const floats = tensors.reduce((n, t) => n + sizeOf(t), 0);
  // One scratch, the size of the largest tensor read from the run state, reused for each (the file copies them).
  scratch.values = new Float32Array(Math.max(0, ...tensors.filter((t) => c.tensors.has(t.name)).map(sizeOf)));
  return { bytes: await writeCheckpoint({ config: c.config, tokenizer: c.tokenizer, meta }, tensors, { dtype: modelDtypeFor(floats) }), meta };
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
    /** For a run that trains only the top of a model: the key its states name that model by. */
    private readonly baseKey: string | null = null,
  ) {}

  /** Computed once: the frozen weights never change during a run. */
  private base: Promise<RunBase | null> | null = null;

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

  /** Lets go of the states held, once the run has the one it ends with (a 124M partial run's are 170 MB each). */
  forget(): void {
    this.last = null;
    this.pending = null;
  }

  private async take(): Promise<{ bytes: Uint8Array; iter: number }> {
    this.base ??= runBaseOf(this.trainer, this.baseKey);
    const bytes = await saveRunState(this.trainer, this.tokenizer, this.meta(), await this.base);
    if (!bytes) throw new NonFiniteLossError(this.trainer.iter, 'weights');
    return { bytes, iter: this.trainer.iter };
  }
}
