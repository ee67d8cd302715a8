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

/** Where a run goes when its GPU is lost (tests pass their own). */
export type FallbackBackend = () => Promise<Backend>;

interface LastGoodStep { snapshot: TensorSnapshot; position: TrainerPosition; adamSteps: number }

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
