// One training run in the worker: tokenizes, runs the engine's Trainer, and streams each step (loss, learning rate,
// gradient norm, tokens/s, FLOPs/s), each evaluation, a seeded sample every few steps, and a run state every few
// steps that the page keeps — trusted: the next step's loss vouched for it. It answers in every case but a crash:
// finished, cancelled (a pause: the answer carries the run state to resume from) or diverged (the last good state).
// On webgpu it keeps a host copy of the weights and AdamW moments after every step; if the device is lost, the
// run moves to wasm (or js) from that copy and goes on, losing at most the step that was in flight.
import {
  copyModel, countParameters, isTrainedParameter, modelDtypeFor, generate, saveModel, heldOutTextLoss, scoreTask, TokenDataset, type TaskExample, modelOfRunState, NonFiniteLossError, resumeTrainer, TrainConfigError, Trainer, trainingFlopsPerStep,
  TorchGenerator, type TorchGeneratorState, TrustedRunStates, type Backend, type ResumableRandom, type GPT, type LoadedModel, type LoadedRunState, type Tensor, type TrainConfig, type TrainerPosition,
  validateTrainConfig,
} from '../engine';
import { moveTensorsTo, snapshotTensors, type TensorSnapshot } from '../engine/backends/migrate';
import { encodeOrExplain, InputError, nextMacrotask, summarize } from './engineState';
import type { CheckpointSummary } from './handlers/loadCheckpoint';
import { characterCount, trainingData, type FineTuneExample } from './trainingData';

/** 'recovered': the GPU was lost mid-run and training goes on from the last completed step on another backend. */
export type TrainProgress =
  | { stage: 'tokenizing'; characters: number }
  | TrainStepProgress
  | { stage: 'evaluation'; iter: number; train: number; val: number }
  | { stage: 'sample'; iter: number; prompt: string; text: string }
  | { stage: 'recovered'; iter: number; backend: string; reason: string }
  /** Once, after tokenizing a text: how it splits, so a page can turn nats per token into nats per character. */
  | { stage: 'data'; trainTokens: number; valTokens: number; valCharacters: number }
  /** With `probe`, at every evaluation: exact match on the held-out prompts and the loss on plain text. */
  | { stage: 'probe'; iter: number; exactMatch: number; answers: string[]; textLoss: number | null }
  /** With `keepBest`, each time an evaluation beats the best so far: its model (a copy), so a page can keep it across a reload. */
  | { stage: 'best'; iter: number; val: number; bytes: ArrayBuffer };

export interface TrainStepProgress {
  stage: 'training';
  iter: number;
  maxIters: number;
  /** This step's batch loss (nats per token), before its update. */
  loss: number;
  lr: number;
  /** The gradients' global norm, before clipping. */
  gradNorm: number;
  ms: number;
  tokensPerSecond: number;
  /** trainingFlopsPerStep over this step's time. */
  flopsPerSecond: number;
  /**
   * A run state (weights, moments, position) that the step after it vouched for with a finite loss. Keep the
   * latest: it loads as a checkpoint, or goes back as `resume.runState` to go on.
   */
  snapshot?: { iter: number; bytes: ArrayBuffer };
}

export interface TrainResult {
  /** The model (a checkpoint without optimizer state). */
  bytes: ArrayBuffer;
  /**
   * The same model with its moments and position: `resume` goes on from here. A run that trains only the top
   * blocks keeps here only those (and their moments), naming the model it trained on, which must be loaded to resume.
   */
  runState: ArrayBuffer;
  summary: Omit<CheckpointSummary, 'key'>;
  /** With `keepBest`: the model of this call's best validation (absent if no evaluation beat `keepBest.beat`). */
  best?: { iter: number; val: number; bytes: ArrayBuffer };
  /** Why the run stopped, and the iteration of the model returned (for 'diverged', the last good one). */
  stopped: { reason: 'finished' | 'cancelled' | 'diverged'; iter: number; message: string };
}

export interface RunRequest {
  params: {
    corpus?: string; examples?: FineTuneExample[]; label: string; kind: string; snapshotEvery?: number;
    train: Omit<TrainConfig, 'blockSize' | 'schedule'> & { blockSize?: number; schedule: Omit<TrainConfig['schedule'], 'decayIters'> & { decayIters?: number } };
    resume?: { maxIters?: number };
    sample?: { prompt: string; every: number; maxNewTokens: number; temperature: number; seed: number; atStart?: boolean };
    probe?: { examples: TaskExample[]; maxNewTokens: number; text?: string };
    keepBest?: { patience?: number; beat?: number };
  };
  /** The checkpoint a new run copies, or the saved run it goes on with. */
  source: LoadedModel | null;
  saved: LoadedRunState | null;
  /**
   * The lab's key of the model a run trained only at its top is on: `source`'s for a new run, the saved run's base
   * (which the caller found by that key and holds for the run) when going on. Its run states name it instead of
   * holding its frozen weights, and the finished model is it with the trained tensors put back.
   */
  base?: { key: string; model: GPT } | null;
  report: (progress: TrainProgress) => void;
  signal: AbortSignal;
  /** Where a run goes when its GPU is lost (tests pass their own). */
  fallbackBackend: () => Promise<Backend>;
}

interface LastGoodStep { snapshot: TensorSnapshot; position: TrainerPosition; adamSteps: number }

function lostReasonOf(backend: Backend): string | null {
  return backend.name === 'webgpu' ? ((backend as { lostReason?: string | null }).lostReason ?? null) : null;
}

/** The engine's checks of settings and saved runs are the reader's input. */
function explainTo<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof TrainConfigError || error instanceof RangeError) throw new InputError(`${what}${error.message}.`);
    throw error;
  }
}

/** The page's settings with what follows from the model: windows as long as its context, decay over the whole run. */
function completeConfig(given: RunRequest['params']['train'], context: number): TrainConfig {
  const { schedule, blockSize, ...rest } = given;
  return { ...rest, blockSize: blockSize ?? context, schedule: { ...schedule, decayIters: schedule.decayIters ?? rest.maxIters } };
}

export async function runTraining({ params: p, source, saved, base, report, signal, fallbackBackend }: RunRequest): Promise<TrainResult> {
  const tokenizer = (saved ?? source!).tokenizer;
  const context = (saved ?? source!).model.config.blockSize;
  // Settings first: a block size past the context would otherwise read as "the text is too short".
  const fresh = saved ? null : explainTo('params.train.', () => validateTrainConfig(completeConfig(p.train, context), context));
  let trainer: Trainer<ResumableRandom>;
  let samplePrompt: number[] | null;
  let probeText: TokenDataset | null = null;
  let owned = saved?.model ?? null; // freed here if the run cannot start
  try {
    report({ stage: 'tokenizing', characters: characterCount(p) });
    await nextMacrotask();
    const data = trainingData(tokenizer, p, saved?.run.config.blockSize ?? p.train.blockSize ?? context);
    samplePrompt = p.sample ? encodeOrExplain(tokenizer, p.sample.prompt) : null;
    if (data instanceof TokenDataset) {
      report({ stage: 'data', trainTokens: data.train.length, valTokens: data.val.length, valCharacters: tokenizer.decode(data.val).length });
    }
    probeText = p.probe?.text ? new TokenDataset(encodeOrExplain(tokenizer, p.probe.text)) : null;
    if (saved) {
      trainer = explainTo('This saved run cannot go on: ', () => resumeTrainer(saved, data, p.resume?.maxIters ? { maxIters: p.resume.maxIters } : {}));
    } else {
      // The source checkpoint stays as it was. Training only the top blocks, the trainer checks what that needs.
      const top = fresh!.trainLastBlocks;
      const copy = await copyModel(source!.model, top ? { frozen: (name) => !isTrainedParameter(name, source!.model.config.nLayer, top) } : {});
      owned = copy;
      trainer = new Trainer<ResumableRandom>(copy, data, fresh!, { rng: streamAfterInit(source!, fresh!), betweenBatches: nextMacrotask });
    }
  } catch (error) {
    owned?.dispose();
    throw error;
  }
  const { model, config } = trainer;
  const flopsPerStep = trainingFlopsPerStep(model.config, config.batchSize, config.blockSize, config.trainLastBlocks);
  const meta = () => ({ kind: p.kind, label: p.label, createdAt: new Date().toISOString() });
  const states = new TrustedRunStates(trainer, tokenizer, meta, p.snapshotEvery ?? 0, base?.key ?? null);
  const tracked = (): Tensor[] => [...model.parameters(), ...trainer.optimizer.state().m, ...trainer.optimizer.state().v];
  let lastGood: LastGoodStep | null = null;
  const remember = async () => {
    if (model.backend.name !== 'webgpu') return; // only a GPU device can vanish under us
    lastGood = { snapshot: await snapshotTensors(tracked()), position: trainer.position, adamSteps: trainer.optimizer.stepCount };
  };
  let ownBackend: Backend | null = null;
  let lastEval: { iter: number; train: number; val: number } | null = null;
  // Stop at the best validation: the best model so far, and how many evaluations since have not beaten it.
  let best: TrainResult['best'] | undefined;
  let bestVal = p.keepBest?.beat ?? Infinity;
  let sinceBest = 0;
  let stoppedEarly: string | null = null;
  const early = new AbortController(); // the reader's pause, or patience run out
  const pausedByReader = () => early.abort();
  signal.addEventListener('abort', pausedByReader);
  if (signal.aborted) early.abort();
  const keepIfBest = async (e: { iter: number; val: number }) => {
    if (!p.keepBest) return;
    if (e.val < bestVal) {
      bestVal = e.val;
      sinceBest = 0;
      const file = await saveModel(model, tokenizer, { ...meta(), iter: e.iter, valLoss: e.val }, { dtype: modelDtypeFor(countParameters(model.config)) });
      best = { iter: e.iter, val: e.val, bytes: toArrayBuffer(file) };
      // Progress is transferred: the page gets its own copy, the answer keeps this one.
      report({ stage: 'best', iter: e.iter, val: e.val, bytes: file.slice().buffer as ArrayBuffer });
    } else if (p.keepBest.patience && ++sinceBest >= p.keepBest.patience && e.iter < config.maxIters) {
      stoppedEarly = `Stopped early at iteration ${e.iter}: validation has not beaten ${bestVal.toFixed(4)} for ${sinceBest} evaluations`;
      early.abort();
    }
  };

  const finish = async (runState: Uint8Array, stopped: TrainResult['stopped']): Promise<TrainResult> => {
    const partial = config.trainLastBlocks !== undefined;
    if (partial && !base) throw new Error('runTraining: a run that trains only the top blocks needs its base');
    const { bytes, meta: saved } = await modelOfRunState(runState, partial ? base!.model : undefined);
    const meta = lastEval?.iter === saved.iter ? { ...saved, trainLoss: lastEval.train, valLoss: lastEval.val } : saved;
    return { bytes: toArrayBuffer(bytes), runState: toArrayBuffer(runState), stopped, summary: summarize({ model, tokenizer, meta }, bytes.byteLength) };
  };

  // The fixed prompt continued by a few seeded tokens; its own seed stream, so the run's stays as it was.
  const sampleNow = async (iter: number) => {
    if (!p.sample || !samplePrompt) return;
    const { maxNewTokens, temperature, seed } = p.sample;
    const ids = await generate(model, samplePrompt, { maxNewTokens, temperature, seed });
    const before = tokenizer.decode(samplePrompt);
    report({ stage: 'sample', iter, prompt: p.sample.prompt, text: tokenizer.decode([...samplePrompt, ...ids]).slice(before.length) });
  };

  try {
    await states.start();
    await remember();
    if (p.sample?.atStart && !saved) await sampleNow(trainer.position.iter);
    for (;;) {
      try {
        await trainer.run({
          signal: early.signal,
          onEval: async (e) => {
            lastEval = e;
            report({ stage: 'evaluation', iter: e.iter, train: e.train, val: e.val });
            await keepIfBest(e);
            if (p.probe) {
              const { exactMatch, answers } = await scoreTask(model, tokenizer, p.probe.examples, p.probe.maxNewTokens);
              // A model trained only at its top is one too big for the tab: its forgetting is read in the training
              // windows, not the whole context (GPT-2: 16 windows of 1024 tokens would be 3.3 GB of logits).
              const textWindow = config.trainLastBlocks ? config.blockSize : model.config.blockSize;
              const textLoss = probeText ? await heldOutTextLoss(model, probeText, config.batchSize, textWindow) : null;
              report({ stage: 'probe', iter: e.iter, exactMatch, answers, textLoss });
              await nextMacrotask();
            }
          },
          onStep: async (e) => {
            await remember();
            const vouched = await states.afterStep();
            const seconds = e.ms / 1000;
            report({
              stage: 'training', iter: e.iter, maxIters: config.maxIters, loss: e.loss, lr: e.lr, gradNorm: e.gradNorm, ms: e.ms,
              tokensPerSecond: (config.batchSize * config.blockSize) / seconds, flopsPerSecond: flopsPerStep / seconds,
              snapshot: vouched ? { iter: states.last!.iter, bytes: toArrayBuffer(vouched) } : undefined,
            });
            if (e.iter % (p.sample?.every ?? Infinity) === 0) await sampleNow(e.iter);
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
    const end = await states.final();
    states.forget(); // the model file is written next: the older state need not sit beside it
    const stopped: TrainResult['stopped'] = signal.aborted
      ? { reason: 'cancelled', iter: end.iter, message: `Paused at iteration ${end.iter}: resume it with the run state.` }
      : { reason: 'finished', iter: end.iter, message: stoppedEarly ? `${stoppedEarly}.` : `Finished at iteration ${end.iter}.` };
    return { ...(await finish(end.bytes, stopped)), ...(best ? { best } : {}) };
  } catch (error) {
    if (!(error instanceof NonFiniteLossError)) throw error;
    if (!states.last) throw new InputError('The weights to train are already NaN or infinite: this model cannot be trained.');
    // Diverged: answer with the last state the run could vouch for, and say why it stopped.
    const { iter } = states.last;
    return await finish(states.last.bytes, { reason: 'diverged', iter, message: `${error.message} The model returned is from iteration ${iter}.` });
  } finally {
    signal.removeEventListener('abort', pausedByReader);
    trainer.dispose();
    model.dispose();
    ownBackend?.dispose();
  }
}

/**
 * A fresh run on PyTorch's stream from an untrained model that nanoGPT's init drew (createModel init 'nanogpt')
 * goes on with that stream where the init left it, as nanoGPT's single generator does; otherwise the trainer
 * makes its own generator from the seed.
 */
function streamAfterInit(source: LoadedModel, config: TrainConfig): TorchGenerator | undefined {
  const notes = source.meta.notes ?? {};
  if (config.randomStream !== 'torch' || source.meta.iter !== 0 || notes.init !== 'nanogpt' || !notes.torchStream) return undefined;
  const stream = new TorchGenerator(config.seed);
  stream.state = notes.torchStream as TorchGeneratorState;
  return stream;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}
