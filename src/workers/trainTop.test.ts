// The worker's `train` with trainLastBlocks: the schema takes it, the run trains only the top block and ln_f (the
// answer's model keeps every other weight bit for bit), a pause resumes to the same figures, and the step's FLOPs
// are those of what is trained. Its run state holds only what it trains and names the lab's model it trained on:
// resuming finds that model by its key and refuses, with the reason, when it is missing or not the same.
import { beforeAll, describe, expect, it } from 'vitest';
import { createJsBackend, loadModel, loadRunState, openCheckpoint, trainingFlopsPerStep } from '../engine';
import { EngineState } from './engineState';
import { hostHarness } from './testing/hostHarness';
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
  const saved = p.resume?.runState ? await loadRunState(new Uint8Array(p.resume.runState), (ref) => (ref.key === 'base' ? state.get('base').loaded : null)) : null;
  const result = await runTraining({
    params: p, source: saved ? null : state.get('base').loaded, saved, base: { key: 'base', model: state.get('base').loaded.model }, signal: controller.signal,
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

  it('keeps in its run state only what it trains, with the base named by key and fingerprint', async () => {
    const paused = await run({}, 2);
    const state = openCheckpoint(new Uint8Array(paused.result.runState));
    const names = [...state.tensors.keys()];
    const params = names.filter((n) => !n.startsWith('adam.'));
    expect(params.length).toBeGreaterThan(0);
    expect(params.every((n) => n.startsWith('h.1.') || n.startsWith('ln_f.'))).toBe(true);
    expect(names.filter((n) => n.startsWith('adam.m.')).map((n) => n.slice(7))).toEqual(params);
    expect((state.meta.notes?.run as { base: unknown }).base).toEqual({ key: 'base', fingerprint: expect.stringMatching(/^[0-9a-f]{8}-\d+$/) });
    // The model in the answer is whole all the same: the base with the trained tensors put back.
    expect(loadModel(new Uint8Array(paused.result.bytes)).meta.iter).toBe(2);
  });

  it('resumes through the worker from the lab’s base, and refuses without it or on another model', async () => {
    const straight = await run();
    const paused = await run({}, 2);
    const w = hostHarness();
    const resume = () => w.call('train', train.params.parse({ corpus: tinyCorpus, kind: 'retrained', label: 'top', train: {}, resume: { runState: paused.result.runState.slice(0) } }, 'params')).done;
    const missing = await resume();
    expect(missing.kind === 'error' && missing.error.message).toMatch(/This paused run trained only the top blocks of a model that is no longer in the lab .* start a new run\./);
    await w.result('loadCheckpoint', { key: 'base', bytes: await tinyCheckpoint('other', 4) });
    const other = await resume();
    expect(other.kind === 'error' && other.error.message).toMatch(/its frozen weights differ/);
    await w.result('loadCheckpoint', { key: 'base', bytes: bytes.slice(0) });
    const resumed = await resume();
    expect(resumed.kind).toBe('result');
    const tuned = (buffer: ArrayBuffer) => [...loadModel(new Uint8Array(buffer)).model.namedParameters()].map(([n, p]) => [n, Array.from(p.toArray())]);
    expect(tuned((resumed as { result: { bytes: ArrayBuffer } }).result.bytes)).toEqual(tuned(straight.result.bytes));
  });

  it('refuses a number of blocks the model does not have, as the reader’s input', async () => {
    await expect(run({ train: { ...settings, trainLastBlocks: 3 } })).rejects.toThrow(/trainLastBlocks must be a whole number from 1 to the model's 2 blocks/);
  });
});
