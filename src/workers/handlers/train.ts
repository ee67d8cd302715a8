// Trains a copy of a loaded checkpoint on a text, or fine-tunes it on (prompt, response) examples, or goes on with a
// run the page saved (`resume`): tokenizes, runs the engine's Trainer, and streams each step (loss, learning rate,
// gradient norm, tokens/s, FLOPs/s), each evaluation, a seeded sample every few steps, and a run state every few
// steps that the page keeps (trusted: the next step's loss vouched for it). It ends with a result in every case but a
// crash: finished, cancelled (a pause: the result carries the run state to resume from) or diverged (the last good
// state). On webgpu it keeps a host copy of the weights and AdamW moments after every step; if the device is lost,
// the run moves to wasm (or js) from that copy and goes on, losing at most the step that was in flight.
import {
  TrainConfigError, Trainer, TrustedRunStates, copyModel, generate, loadRunState, modelOfRunState, NonFiniteLossError, resumeTrainer,
  trainingFlopsPerStep, validateTrainConfig, type Backend, type TrainConfig, type Tensor, type TrainerPosition,
} from '../../engine';
import { moveTensorsTo, snapshotTensors, type TensorSnapshot } from '../../engine/backends/migrate';
import { encodeOrExplain, InputError, nextMacrotask, summarize, type EngineState } from '../engineState';
import { trainingData, trainingSource, type TrainParams, type TrainProgress, type TrainResult } from '../trainingInput';

/** Where a run goes when its GPU is lost (tests pass their own). */
export type FallbackBackend = () => Promise<Backend>;

interface LastGoodStep { snapshot: TensorSnapshot; position: TrainerPosition; adamSteps: number }

function lostReasonOf(backend: Backend): string | null {
  return backend.name === 'webgpu' ? ((backend as { lostReason?: string | null }).lostReason ?? null) : null;
}

/** The reader's settings over the defaults; the schedule, if not given, follows maxIters. */
function trainConfig(given: Partial<TrainConfig>, blockSize: number): TrainConfig {
  const maxIters = given.maxIters ?? 100;
  const config: TrainConfig = {
    maxIters, batchSize: 8, blockSize, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 50, evalIters: 4, seed: 1337,
    schedule: { maxLr: 1e-3, minLr: 1e-4, warmupIters: Math.min(10, Math.floor(maxIters / 10)), decayIters: maxIters },
    ...given,
  };
  try {
    return validateTrainConfig(config, blockSize);
  } catch (error) {
    if (error instanceof TrainConfigError) throw new InputError(`Training setting ${error.message}.`);
    throw error;
  }
}

export async function train(
  state: EngineState,
  p: TrainParams,
  report: (progress: TrainProgress) => void,
  signal: AbortSignal,
  fallbackBackend: FallbackBackend,
): Promise<TrainResult> {
  const saved = p.resume ? loadRunStateOrExplain(p.resume) : null;
  const tokenizer = saved?.tokenizer ?? state.get(trainingSource(p)).loaded.tokenizer;
  const blockSize = saved?.model.config.blockSize ?? state.get(trainingSource(p)).loaded.model.config.blockSize;
  const characters = p.corpus?.length ?? p.examples?.reduce((n, e) => n + e.prompt.length + e.response.length, 0) ?? 0;
  report({ stage: 'tokenizing', characters });
  await nextMacrotask();
  const data = trainingData(tokenizer, p, blockSize);
  let trainer: Trainer;
  if (saved) {
    try {
      trainer = resumeTrainer(saved, data, p.train);
    } catch (error) {
      saved.model.dispose();
      throw new InputError(`This saved run cannot go on: ${(error as Error).message}.`);
    }
  } else {
    const config = trainConfig(p.train, blockSize);
    trainer = new Trainer(await copyModel(state.get(trainingSource(p)).loaded.model), data, config); // the source stays as it was
  }
  const { model, config } = trainer;
  const samplePrompt = p.sample ? encodeOrExplain(tokenizer, p.sample.prompt) : null;
  const flopsPerStep = trainingFlopsPerStep(model.config, config.batchSize, config.blockSize);
  const meta = () => ({ kind: p.kind, label: p.label, createdAt: new Date().toISOString() });
  const states = new TrustedRunStates(trainer, tokenizer, meta, p.snapshotEvery ?? 0);
  const tracked = (): Tensor[] => [...model.parameters(), ...trainer.optimizer.state().m, ...trainer.optimizer.state().v];
  let lastGood: LastGoodStep | null = null;
  const remember = async () => {
    if (model.backend.name !== 'webgpu') return; // only a GPU device can vanish under us
    lastGood = { snapshot: await snapshotTensors(tracked()), position: trainer.position, adamSteps: trainer.optimizer.stepCount };
  };
  let ownBackend: Backend | null = null;
  let lastEval: { iter: number; train: number; val: number } | null = null;
  try {
    await states.start();
    await remember();
    for (;;) {
      try {
        await trainer.run({
          signal,
          onEval: (e) => {
            lastEval = e;
            report({ stage: 'evaluation', iter: e.iter, train: e.train, val: e.val });
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
            if (p.sample && samplePrompt && e.iter % p.sample.every === 0) {
              const { maxNewTokens = 32, temperature = 0.8, seed = 1 } = p.sample;
              const ids = await generate(model, samplePrompt, { maxNewTokens, temperature, seed });
              report({ stage: 'sample', iter: e.iter, prompt: p.sample.prompt, text: tokenizer.decode([...samplePrompt, ...ids]).slice(tokenizer.decode(samplePrompt).length) });
            }
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
    const stopped = signal.aborted
      ? { reason: 'cancelled' as const, iter: end.iter, message: `Paused at iteration ${end.iter}: resume it with the run state.` }
      : { reason: 'finished' as const, iter: end.iter, message: `Finished ${end.iter} iterations.` };
    return finish(end.bytes, stopped);
  } catch (error) {
    if (!(error instanceof NonFiniteLossError) || !states.last) throw error;
    // Diverged: answer with the last state the run could vouch for, and say why it stopped.
    return finish(states.last.bytes, { reason: 'diverged', iter: states.last.iter, message: `${error.message} The model returned is from iteration ${states.last.iter}.` });
  } finally {
    trainer.dispose();
    model.dispose();
    ownBackend?.dispose();
  }

  function finish(runState: Uint8Array, stopped: TrainResult['stopped']): TrainResult {
    const { bytes, meta: saved } = modelOfRunState(runState);
    const meta = lastEval?.iter === saved.iter ? { ...saved, trainLoss: lastEval.train, valLoss: lastEval.val } : saved;
    return {
      bytes: toArrayBuffer(bytes), runState: toArrayBuffer(runState), stopped,
      summary: summarize({ model, tokenizer, meta }, bytes.byteLength),
    };
  }
}

function loadRunStateOrExplain(bytes: ArrayBuffer) {
  try {
    return loadRunState(new Uint8Array(bytes));
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}
