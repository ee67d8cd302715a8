// The worker's `train` with trainLastBlocks: the schema takes it, the run trains only the top block and ln_f (the
// answer's model keeps every other weight bit for bit), a pause resumes to the same figures, and the step's FLOPs
// are those of what is trained.
import { beforeAll, describe, expect, it } from 'vitest';
import { createJsBackend, loadModel, loadRunState, trainingFlopsPerStep } from '../engine';
import { EngineState } from './engineState';
import { train, type TrainProgress, type TrainStepProgress } from './handlers/train';
import { runTraining } from './trainingRun';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

const settings = { maxIters: 6, batchSize: 2, blockSize: 16, evalInterval: 3, evalIters: 1, seed: 5, trainLastBlocks: 1 };

async function run(over: Record<string, unknown> = {}, cancelAt?: number) {
  const state = new EngineState();
  state.load('base', new Uint8Array(bytes));
  const progress: TrainProgress[] = [];
  const controller = new AbortController();
  const p = train.params.parse({ key: 'base', corpus: tinyCorpus, kind: 'retrained', label: 'top', train: settings, ...over }, 'params');
  const saved = p.resume?.runState ? loadRunState(new Uint8Array(p.resume.runState)) : null;
  const result = await runTraining({
    params: p, source: saved ? null : state.get('base').loaded, saved, signal: controller.signal,
    report: (e) => { progress.push(e); if (e.stage === 'training' && e.iter === cancelAt) controller.abort(); },
    fallbackBackend: async () => createJsBackend('float32'),
  });
  const steps = progress.filter((e): e is TrainStepProgress => e.stage === 'training');
  return { result, steps };
}

describe('train with trainLastBlocks', () => {
  it('trains only the top block and ln_f, resumes exactly, and reports the FLOPs of what it trains', async () => {
    const base = loadModel(new Uint8Array(bytes)).model.namedParameters();
    const straight = await run();
    expect(straight.result.stopped).toMatchObject({ reason: 'finished', iter: 6 });
    const tuned = loadModel(new Uint8Array(straight.result.bytes)).model.namedParameters();
    for (const [name, p] of tuned) {
      const same = Array.from(p.toArray()).every((v, i) => Object.is(v, base.get(name)!.toArray()[i]));
      expect(same, name).toBe(!(name.startsWith('h.1.') || name.startsWith('ln_f.')));
    }
    const { config } = loadModel(new Uint8Array(bytes)).model;
    const s = straight.steps[0];
    expect(s.flopsPerSecond * (s.ms / 1000)).toBeCloseTo(trainingFlopsPerStep(config, 2, 16, 1), -3);

    const paused = await run({}, 2);
    expect(paused.result.stopped).toMatchObject({ reason: 'cancelled', iter: 2 });
    const resumed = await run({ key: undefined, resume: { runState: paused.result.runState } });
    const losses = (r: { steps: TrainStepProgress[] }) => r.steps.map((e) => [e.loss, e.gradNorm]);
    expect([...losses(paused), ...losses(resumed)]).toEqual(losses(straight));
  });

  it('refuses a number of blocks the model does not have, as the reader’s input', async () => {
    await expect(run({ train: { ...settings, trainLastBlocks: 3 } })).rejects.toThrow(/trainLastBlocks must be a whole number from 1 to the model's 2 blocks/);
  });
});
