// Trains a copy of a loaded checkpoint on a text, or fine-tunes it on (prompt, response) examples: tokenizes them
// (reporting progress), runs the engine's Trainer, streams step losses, sends a snapshot checkpoint every few steps
// (a crash then loses little), and answers with the new checkpoint's bytes. It yields to the event loop between steps, so pings and cancels get through.
// On webgpu it keeps a host copy of the weights and AdamW moments after every step; if the device is lost, the
// run moves to wasm (or js) from that copy and goes on, losing at most the step that was in flight.
import {
  ExampleDataset, TokenDataset, Trainer, copyModel, saveModel, type Backend, type BatchSource, type TrainConfig, type Tensor,
  type Tokenizer, type TrainerPosition,
} from '../../engine';
import { moveTensorsTo, snapshotTensors, type TensorSnapshot } from '../../engine/backends/migrate';
import { encodeOrExplain, InputError, nextMacrotask, summarize, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey, type CheckpointSummary } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

/**
 * Tokenizing a long text takes a while too, so it is reported before the steps begin. 'recovered': the GPU was
 * lost mid-run and training goes on from the last completed step on another backend.
 */
export type TrainProgress =
  | { stage: 'tokenizing'; characters: number }
  | { stage: 'recovered'; iter: number; backend: string; reason: string }
  | TrainStepProgress;

export interface TrainStepProgress {
  stage: 'training';
  iter: number;
  maxIters: number;
  loss: number;
  /** Present at evaluations. */
  valLoss?: number;
  ms: number;
  /** A checkpoint of the model so far, sent every `snapshotEvery` iterations, so a crash loses little. */
  snapshot?: ArrayBuffer;
}

/** A supervised example for fine-tuning: the model reads prompt + response and learns to write the response. */
export interface FineTuneExample {
  prompt: string;
  response: string;
}

export interface TrainResult {
  bytes: ArrayBuffer;
  summary: Omit<CheckpointSummary, 'key'>;
}

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
  seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
});

const trainParams = s.object({
  key: checkpointKey(),
  corpus: s.optional(s.string({ maxLength: 64 * 2 ** 20 })),
  examples: s.optional(s.array(s.object({ prompt: s.string({ maxLength: 100_000 }), response: s.string({ maxLength: 100_000 }) }), { maxLength: 1_000_000 })),
  train: s.nested(trainConfig),
  label: s.string({ maxLength: 200 }),
  kind: s.string({ maxLength: 40 }),
  snapshotEvery: s.optional(s.int({ min: 1, max: 1_000_000 })),
});

/**
 * Trains a copy of checkpoint `key` — on a text (`corpus`: pre-training, next token everywhere) or on examples
 * (`examples`: supervised fine-tuning, graded on the responses only); give exactly one. The result is the new
 * checkpoint's bytes. It runs beside the queue, so the other chapters stay live, and is not re-sent to a restarted
 * worker: its snapshots already hold what it learned.
 */
export const train = method({
  lane: 'beside',
  retry: false,
  params: trainParams,
  async run(p, { state, progress, signal, host }: HandlerContext<TrainProgress>) {
    const source = state.borrow(p.key); // deleting it from the lab meanwhile must not free it under the run
    try {
      return await trainCopy(state, p, progress, signal, () => host.makeBackend('wasm').catch(() => host.makeBackend('js')));
    } finally {
      source.release();
    }
  },
});

/** Where a run goes when its GPU is lost (tests pass their own). */
export type FallbackBackend = () => Promise<Backend>;

interface LastGoodStep { snapshot: TensorSnapshot; position: TrainerPosition; adamSteps: number }

function lostReasonOf(backend: Backend): string | null {
  return backend.name === 'webgpu' ? ((backend as { lostReason?: string | null }).lostReason ?? null) : null;
}

export async function trainCopy(
  state: EngineState,
  p: Infer<typeof trainParams>,
  report: (progress: TrainProgress) => void,
  signal: AbortSignal,
  fallbackBackend: FallbackBackend,
): Promise<TrainResult> {
  const source = state.get(p.key);
  const { schedule, blockSize, ...rest } = p.train;
  const context = source.loaded.model.config.blockSize;
  if (blockSize !== undefined && blockSize > context) {
    throw new InputError(`params.train.blockSize must be at most the model's context, ${context}; got ${blockSize}.`);
  }
  const config: TrainConfig = {
    ...rest,
    blockSize: blockSize ?? context,
    schedule: { ...schedule, decayIters: schedule.decayIters ?? rest.maxIters },
  };
  if ((p.corpus === undefined) === (p.examples === undefined)) {
    throw new InputError('Give either a training text or fine-tuning examples, not both and not neither.');
  }
  const characters = p.corpus?.length ?? p.examples!.reduce((n, e) => n + e.prompt.length + e.response.length, 0);
  report({ stage: 'tokenizing', characters });
  await nextMacrotask();
  const data = p.corpus !== undefined
    ? textData(source.loaded.tokenizer, p.corpus, config.blockSize)
    : exampleData(source.loaded.tokenizer, p.examples!);
  const model = await copyModel(source.loaded.model); // the source checkpoint stays as it was

  const trainer = new Trainer(model, data, config);
  const meta = () => ({ kind: p.kind, label: p.label, createdAt: new Date().toISOString(), iter: trainer.iter });
  const tracked = (): Tensor[] => [...model.parameters(), ...trainer.optimizer.state().m, ...trainer.optimizer.state().v];
  let lastGood: LastGoodStep | null = null;
  const remember = async () => {
    if (model.backend.name !== 'webgpu') return; // only a GPU device can vanish under us
    lastGood = { snapshot: await snapshotTensors(tracked()), position: trainer.position, adamSteps: trainer.optimizer.stepCount };
  };
  let ownBackend: Backend | null = null;
  let valLoss: number | undefined;
  try {
    await remember();
    for (;;) {
      try {
        await trainer.run({
          signal,
          onEval: (e) => {
            valLoss = e.val;
          },
          onStep: async (e) => {
            await remember();
            const snapshot = p.snapshotEvery && e.iter % p.snapshotEvery === 0
              ? toArrayBuffer(await saveModel(model, source.loaded.tokenizer, meta()))
              : undefined;
            report({ stage: 'training', iter: e.iter, maxIters: config.maxIters, loss: e.loss, valLoss, ms: e.ms, snapshot });
            valLoss = undefined;
            await nextMacrotask();
          },
        });
        break;
      } catch (error) {
        const reason = lostReasonOf(model.backend);
        if (!reason || !lastGood) throw error;
        const good: LastGoodStep = lastGood;
        ownBackend = await fallbackBackend();
        await moveTensorsTo(tracked(), ownBackend, good.snapshot);
        trainer.position = good.position;
        trainer.optimizer.stepCount = good.adamSteps;
        lastGood = null;
        report({ stage: 'recovered', iter: good.position.iter, backend: ownBackend.name, reason });
      }
    }
    if (signal.aborted) throw new DOMException('Training was cancelled.', 'AbortError');
    const finalMeta = { ...meta(), valLoss };
    const bytes = await saveModel(model, source.loaded.tokenizer, finalMeta);
    return { bytes: toArrayBuffer(bytes), summary: summarize({ model, tokenizer: source.loaded.tokenizer, meta: finalMeta }, bytes.byteLength) };
  } finally {
    trainer.dispose();
    model.dispose();
    ownBackend?.dispose();
  }
}

function textData(tokenizer: Tokenizer, corpus: string, blockSize: number): BatchSource {
  const ids = encodeOrExplain(tokenizer, corpus);
  if (ids.length < 2 * (blockSize + 1)) {
    throw new InputError(`The training text is too short: it needs more than ${2 * (blockSize + 1)} tokens.`);
  }
  return new TokenDataset(ids);
}

function exampleData(tokenizer: Tokenizer, examples: readonly { prompt: string; response: string }[]): BatchSource {
  const encode = (text: string) => encodeOrExplain(tokenizer, text, { allowEmpty: true });
  const usable = examples.map((e) => ({ prompt: encode(e.prompt), response: encode(e.response) }))
    .filter((e) => e.prompt.length > 0 && e.response.length > 0);
  if (usable.length < 2) throw new InputError('Fine-tuning needs at least two examples, each with a prompt and a response.');
  return new ExampleDataset(usable);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}
