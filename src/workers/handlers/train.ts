// The worker's training method: trains a copy of a loaded checkpoint on a text or fine-tunes it on (prompt,
// response) examples, or goes on with a run the page saved. Pausing is cancelling: the answer then carries the
// run state, and a new call with `resume` goes on from it to the same losses as a run never paused. The run itself
// (steps, evaluations, samples, trusted run states, a lost GPU) is in ../trainingRun.ts.
import { loadRunState, MAX_CHECKPOINT_BYTES, type FindBase, type LoadedRunState } from '../../engine';
import { InputError, type EngineState } from '../engineState';
import { holdPausedRun, pausedRun, releasePausedRun } from '../pausedRuns';
import { s, type Infer } from '../schema';
import { runTraining, type TrainProgress, type TrainResult } from '../trainingRun';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

export type { FineTuneExample } from '../trainingData';
export type { TrainProgress, TrainResult, TrainStepProgress } from '../trainingRun';

// Every setting has a default, nested ones too, so a partial schedule ({ maxLr } alone) is a whole one.
const trainConfig = s.object({
  maxIters: s.optional(s.int({ min: 1, max: 1_000_000 }), 100),
  batchSize: s.optional(s.int({ min: 1, max: 1024 }), 8),
  /** Window length; defaults to the model's context. */
  blockSize: s.optional(s.int({ min: 1, max: 65_536 })),
  schedule: s.nested(s.object({
    maxLr: s.optional(s.number({ min: 0, max: 10 }), 1e-3),
    minLr: s.optional(s.number({ min: 0, max: 10 }), 1e-4),
    warmupIters: s.optional(s.int({ min: 0, max: 1_000_000 }), 10),
    /** Defaults to maxIters. */
    decayIters: s.optional(s.int({ min: 1, max: 1_000_000 })),
  })),
  weightDecay: s.optional(s.number({ min: 0, max: 10 }), 0.1),
  beta1: s.optional(s.number({ min: 0, max: 0.999999 }), 0.9),
  beta2: s.optional(s.number({ min: 0, max: 0.999999 }), 0.99),
  gradClip: s.optional(s.number({ min: 1e-6, max: 1e6 }), 1),
  evalInterval: s.optional(s.int({ min: 1, max: 1_000_000 }), 50),
  evalIters: s.optional(s.int({ min: 1, max: 10_000 }), 4),
  evalBatches: s.optional(s.literal('fixed', 'fresh')),
  /**
   * 'torch': PyTorch's random stream for the batches (with evalBatches 'fresh': nanoGPT's order of draws). A model
   * made by createModel with init 'nanogpt' hands on its stream where the init left it, so the run is nanoGPT's.
   */
  randomStream: s.optional(s.literal('engine', 'torch')),
  seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
  /**
   * Train only the top this many blocks and the final LayerNorm, the rest frozen (a model too big to train whole,
   * GPT-2 124M in a tab); absent: every parameter trains.
   */
  trainLastBlocks: s.optional(s.int({ min: 1, max: 10_000 })),
});

const trainParams = s.object({
  /** The checkpoint to train a copy of; not needed when resuming. */
  key: s.optional(checkpointKey()),
  corpus: s.optional(s.string({ maxLength: 64 * 2 ** 20 })),
  examples: s.optional(s.array(s.object({ prompt: s.string({ maxLength: 100_000 }), response: s.string({ maxLength: 100_000 }) }), { maxLength: 1_000_000 })),
  /** Ignored when resuming: a saved run keeps its settings (but for `resume.maxIters`). */
  train: s.nested(trainConfig),
  label: s.string({ maxLength: 200 }),
  kind: s.string({ maxLength: 40 }),
  /** Send a run state every this many steps (absent: only in the answer). */
  snapshotEvery: s.optional(s.int({ min: 1, max: 1_000_000 })),
  /** While paused (cancelled), the worker holds the run's state under this name: `resume.runKey` goes on from it. */
  runKey: s.optional(checkpointKey()),
  /**
   * Go on with a run, on the same data: held in the worker (`runKey`, after a pause) or from bytes the page kept
   * (`runState`, an earlier answer's or snapshot's, after a reload). Give one.
   */
  resume: s.optional(s.object({
    runKey: s.optional(checkpointKey()),
    runState: s.optional(s.bytes({ maxBytes: MAX_CHECKPOINT_BYTES })),
    /** Train further than the saved run meant to. */
    maxIters: s.optional(s.int({ min: 1, max: 1_000_000 })),
  })),
  /** Every `every` steps, continue `prompt` by a few seeded tokens: what the model writes as it learns. */
  sample: s.optional(s.object({
    prompt: s.string({ minLength: 1, maxLength: 10_000 }),
    every: s.int({ min: 1, max: 1_000_000 }),
    maxNewTokens: s.optional(s.int({ min: 1, max: 256 }), 32),
    temperature: s.optional(s.number({ min: 0, max: 100 }), 0.8),
    seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1),
    /** Also sample before the first step of a new run: what the untrained model writes. */
    atStart: s.optional(s.boolean(), false),
  })),
  /**
   * Stop at the best validation: keep the model of the evaluation with the lowest validation loss (answered as
   * `best`), and with `patience`, stop the run once that many evaluations in a row have not beaten it. `beat`: the
   * best validation loss of the run before a pause, so a resumed run keeps only a better one.
   */
  keepBest: s.optional(s.object({
    patience: s.optional(s.int({ min: 1, max: 1_000_000 })),
    beat: s.optional(s.number({ min: 0, max: 1e9 })),
  })),
  /**
   * Fine-tuning's gains and losses, measured at every evaluation: greedy answers to held-out `examples` scored by
   * exact match, and the loss on the validation part of plain `text` (what the model may forget).
   */
  probe: s.optional(s.object({
    examples: s.array(s.object({ prompt: s.string({ maxLength: 10_000 }), response: s.string({ maxLength: 10_000 }) }), { maxLength: 500 }),
    maxNewTokens: s.optional(s.int({ min: 1, max: 64 }), 8),
    text: s.optional(s.string({ maxLength: 64 * 2 ** 20 })),
  })),
});

export type TrainParams = Infer<typeof trainParams>;

/**
 * Trains a copy of checkpoint `key` — on a text (`corpus`: pre-training, next token everywhere) or on examples
 * (`examples`: supervised fine-tuning, graded on the responses only); give exactly one. It runs beside the queue,
 * so the other chapters stay live, and is not re-sent to a restarted worker: its snapshots hold what it learned.
 */
export const train = method({
  lane: 'beside',
  retry: false,
  params: trainParams,
  async run(p, { state, progress, signal, host }: HandlerContext<TrainProgress>): Promise<TrainResult> {
    // A source checkpoint is borrowed: deleting it from the lab meanwhile must not free it under the run. So is the
    // model a saved run trained only the top of (its frozen weights are that model's, not in the run state).
    let baseBorrowed: ReturnType<EngineState['borrow']> | null = null;
    let isBaseMissing = false;
    const findBase: FindBase = (ref) => {
      if (ref.key === null || !state.has(ref.key)) {
        isBaseMissing = true;
        return null;
      }
      baseBorrowed = state.borrow(ref.key);
      return baseBorrowed.slot.loaded;
    };
    let saved: LoadedRunState | null = null;
    let source: ReturnType<EngineState['borrow']> | null = null;
    try {
      saved = p.resume ? await loadSavedRun(savedRunBytes(state, p.resume), findBase).catch((error) => {
        if (!isBaseMissing) throw error;
        throw new InputError('This paused run trained only the top blocks of a model that is no longer in the lab (a model kept in memory ' +
          'only is gone after a reload, and one deleted is gone for good), so it cannot go on: start a new run.');
      }) : null;
      source = saved ? null : state.borrow(sourceKey(p));
      const base = saved?.run.base ? { key: saved.run.base.key!, model: baseBorrowed!.slot.loaded.model } : source ? { key: p.key!, model: source.slot.loaded.model } : null;
      const result = await runTraining({
        params: p, source: source?.slot.loaded ?? null, saved, base, report: progress, signal,
        fallbackBackend: () => host.makeBackend('wasm').catch(() => host.makeBackend('js')),
      });
      // The answer's bytes travel to the page (transferred): the worker holds a copy.
      const holdAs = p.runKey ?? p.resume?.runKey;
      if (holdAs && result.stopped.reason === 'cancelled') holdPausedRun(state, holdAs, new Uint8Array(result.runState.slice(0)));
      else if (p.resume?.runKey) releasePausedRun(state, p.resume.runKey);
      return result;
    } finally {
      source?.release();
      (baseBorrowed as ReturnType<EngineState['borrow']> | null)?.release();
    }
  },
});

function sourceKey(p: TrainParams): string {
  if (p.key === undefined) throw new InputError('params.key must name the checkpoint to train, unless params.resume gives a saved run.');
  return p.key;
}

function savedRunBytes(state: EngineState, resume: NonNullable<TrainParams['resume']>): Uint8Array {
  if ((resume.runKey === undefined) === (resume.runState === undefined)) {
    throw new InputError('params.resume must give either runKey (a run paused in this engine) or runState (saved bytes), not both and not neither.');
  }
  return resume.runKey !== undefined ? pausedRun(state, resume.runKey) : new Uint8Array(resume.runState!);
}

async function loadSavedRun(bytes: Uint8Array, findBase: FindBase): Promise<LoadedRunState> {
  try {
    return await loadRunState(bytes, findBase);
  } catch (error) {
    throw new InputError(`params.resume.runState: ${(error as Error).message}`);
  }
}
