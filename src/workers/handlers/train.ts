// Trains a copy of a loaded checkpoint on a text: tokenizes it (reporting progress), runs the engine's Trainer,
// streams step losses, sends a snapshot checkpoint every few steps (a crash then loses little), and answers
// with the new checkpoint's bytes. It yields to the event loop between steps, so pings and cancels get through.
// On webgpu it keeps a host copy of the weights and AdamW moments after every step; if the device is lost, the
// run moves to wasm (or js) from that copy and goes on, losing at most the step that was in flight.
import { GPT, TokenDataset, Trainer, saveModel, type Backend, type TrainConfig, type Tensor } from '../../engine';
import { moveTensorsTo, snapshotTensors, type TensorSnapshot } from '../../engine/backends/migrate';
import { encodeOrExplain, InputError, summarize, type EngineState } from '../engineState';
import type { ParamsOf, ProgressOf, ResultOf } from '../protocol';

const defaults: Omit<TrainConfig, 'blockSize'> = {
  maxIters: 100,
  batchSize: 8,
  weightDecay: 0.1,
  beta1: 0.9,
  beta2: 0.99,
  gradClip: 1,
  evalInterval: 50,
  evalIters: 4,
  seed: 1337,
  schedule: { maxLr: 1e-3, minLr: 1e-4, warmupIters: 10, decayIters: 100 },
};

const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Where a run goes when its GPU is lost (tests pass their own). */
export type FallbackBackend = () => Promise<Backend>;

interface LastGoodStep { snapshot: TensorSnapshot; iter: number; rngState: number; adamSteps: number }

function lostReasonOf(backend: Backend): string | null {
  return backend.name === 'webgpu' ? ((backend as { lostReason?: string | null }).lostReason ?? null) : null;
}

export async function train(
  state: EngineState,
  p: ParamsOf<'train'>,
  report: (progress: ProgressOf<'train'>) => void,
  signal: AbortSignal,
  fallbackBackend: FallbackBackend,
): Promise<ResultOf<'train'>> {
  const source = state.get(p.key);
  const config: TrainConfig = { ...defaults, blockSize: source.loaded.model.config.blockSize, ...p.train };
  report({ stage: 'tokenizing', characters: p.corpus.length });
  await nextMacrotask();
  const ids = encodeOrExplain(source.loaded.tokenizer, p.corpus);
  if (ids.length < 2 * (config.blockSize + 1)) {
    throw new InputError(`The training text is too short: it needs more than ${2 * (config.blockSize + 1)} tokens.`);
  }
  // A copy: the source checkpoint stays as it was.
  const model = new GPT(source.loaded.model.config);
  const sourceParams = source.loaded.model.namedParameters();
  for (const [name, param] of model.namedParameters()) param.assign(await sourceParams.get(name)!.data());

  const trainer = new Trainer(model, new TokenDataset(ids), config);
  const meta = () => ({ kind: p.kind, label: p.label, createdAt: new Date().toISOString(), iter: trainer.iter });
  const tracked = (): Tensor[] => [...model.parameters(), ...trainer.optimizer.state().m, ...trainer.optimizer.state().v];
  let lastGood: LastGoodStep | null = null;
  const remember = async () => {
    if (model.backend.name !== 'webgpu') return; // only a GPU device can vanish under us
    lastGood = { snapshot: await snapshotTensors(tracked()), iter: trainer.iter, rngState: trainer.rng.state, adamSteps: trainer.optimizer.stepCount };
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
        trainer.iter = good.iter;
        trainer.rng.state = good.rngState;
        trainer.optimizer.stepCount = good.adamSteps;
        lastGood = null;
        report({ stage: 'recovered', iter: good.iter, backend: ownBackend.name, reason });
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

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}
