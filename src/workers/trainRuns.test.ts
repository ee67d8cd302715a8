// Training runs over the worker protocol: a pause (a cancel) answers with the run state, a new call resumes it to
// the same losses as a run never paused; a run that diverges answers with its last good model; samples, progress
// figures and bad settings.
import { beforeAll, describe, expect, it } from 'vitest';
import { createJsBackend, loadModel, trainingFlopsPerStep } from '../engine';
import { createEngineHost } from './engineHost';
import { EngineState } from './engineState';
import { train } from './handlers/train';
import { runTraining } from './trainingRun';
import type { FromWorker, ParamsOf } from './protocol';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';
import type { TrainProgress, TrainResult, TrainStepProgress } from './handlers/train';

type TrainParams = ParamsOf<'train'>;

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

/**
 * A host with the tiny checkpoint loaded; `train` answers with its progress and its result or error. Unlike the
 * shared hostHarness it hands each progress event to the test as it is posted, so a cancel lands between two given
 * steps, not whenever a poll happens to look.
 */
async function worker() {
  const messages: FromWorker[] = [];
  let onProgress: (p: TrainProgress, id: number) => void = () => {};
  const host = createEngineHost(
    (m) => { messages.push(m); if (m.kind === 'progress') onProgress(m.progress as TrainProgress, m.id); },
    async () => ({ backend: createJsBackend('float32'), report: { name: 'js', description: 'js', reason: 'test', options: [] } }),
  );
  let id = 0;
  const answerOf = async (requestId: number) => {
    for (;;) {
      const answer = messages.find((m) => 'id' in m && m.id === requestId && m.kind !== 'progress' && m.kind !== 'started');
      if (answer) return answer as Extract<FromWorker, { kind: 'result' | 'error' }>;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  host.receive({ kind: 'request', id: ++id, method: 'loadCheckpoint', params: { key: 'base', bytes } });
  await answerOf(id);
  return {
    /** Runs a train call; `during` sees each progress event and may cancel the call. */
    async train(params: TrainParams, during?: (p: TrainProgress, cancel: () => void) => void) {
      const requestId = ++id;
      const progress: TrainProgress[] = [];
      onProgress = (p, from) => {
        if (from !== requestId) return;
        progress.push(p);
        during?.(p, () => host.receive({ kind: 'cancel', id: requestId }));
      };
      host.receive({ kind: 'request', id: requestId, method: 'train', params } as never);
      const answer = await answerOf(requestId);
      const steps = progress.filter((p): p is TrainStepProgress => p.stage === 'training');
      return { answer, progress, steps, result: answer.kind === 'result' ? (answer.result as TrainResult) : null };
    },
  };
}

const settings = { maxIters: 8, batchSize: 2, blockSize: 16, evalInterval: 4, evalIters: 1, seed: 5 };
const params = (over: Partial<TrainParams> = {}): TrainParams =>
  ({ key: 'base', corpus: tinyCorpus, kind: 'retrained', label: 'run', train: settings, ...over });
/** Every figure a run reports that depends on the weights: step losses and gradient norms, evaluations. */
const figures = (progress: TrainProgress[]) => progress.flatMap((p) =>
  p.stage === 'training' ? [[p.iter, p.loss, p.gradNorm, p.lr]] : p.stage === 'evaluation' ? [[p.iter, p.train, p.val]] : []);

describe('training runs over the worker protocol', () => {
  it('pauses with a cancel (the answer carries the run state) and resumes to the same figures, bit for bit', async () => {
    const w = await worker();
    const straight = await w.train(params());
    expect(straight.result!.stopped).toMatchObject({ reason: 'finished', iter: 8 });

    const paused = await w.train(params(), (p, cancel) => { if (p.stage === 'training' && p.iter === 3) cancel(); });
    expect(paused.result!.stopped).toMatchObject({ reason: 'cancelled', iter: 3, message: expect.stringMatching(/Paused at iteration 3/) });
    const model = loadModel(new Uint8Array(paused.result!.bytes)); // the paused model is usable as it is
    expect(model.meta.iter).toBe(3);
    expect(model.optimizerState).toBeNull(); // the lab's copy is the model alone; the run state has the rest

    const resumed = await w.train(params({ key: undefined, resume: { runState: paused.result!.runState } }));
    expect(resumed.result!.stopped).toMatchObject({ reason: 'finished', iter: 8 });
    expect([...figures(paused.progress), ...figures(resumed.progress)]).toEqual(figures(straight.progress));
    const [a, b] = [straight.result!.bytes, resumed.result!.bytes].map((x) => loadModel(new Uint8Array(x)).model.namedParameters().get('wte.weight')!.toArray());
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('holds a paused run in the worker under its runKey, so a page whose client dropped the answer resumes by name', async () => {
    const w = await worker();
    const straight = await w.train(params());
    const paused = await w.train(params({ runKey: 'mine' }), (p, cancel) => { if (p.stage === 'training' && p.iter === 5) cancel(); });
    expect(paused.result!.stopped).toMatchObject({ reason: 'cancelled', iter: 5 });
    // The page never reads paused.result: it resumes by name.
    const resumed = await w.train(params({ key: undefined, resume: { runKey: 'mine' } }));
    expect([...figures(paused.progress), ...figures(resumed.progress)]).toEqual(figures(straight.progress));
    // Finished, the run is let go; a name nothing was paused under is refused.
    for (const runKey of ['mine', 'other']) {
      const again = await w.train(params({ key: undefined, resume: { runKey } }));
      expect(again.answer).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(new RegExp(`no paused run "${runKey}"`)) } });
    }
    const both = await w.train(params({ resume: { runKey: 'mine', runState: paused.result!.runState } }));
    expect(both.answer).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/either runKey .* or runState/) } });
  });

  it('refuses to resume on other data or from a plain checkpoint, with a message', async () => {
    const w = await worker();
    const done = await w.train(params({ train: { ...settings, maxIters: 2 } }));
    const other = await w.train(params({ resume: { runState: done.result!.runState }, corpus: tinyCorpus.slice(3) }));
    expect(other.answer).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/saved while training on other data/) } });
    const plain = await w.train(params({ resume: { runState: done.result!.bytes } }));
    expect(plain.answer).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/not a paused training run/) } });
  });

  it('answers a diverging run with its last good model and says why it stopped', async () => {
    // A schedule that "decays" up to an absurd rate (beyond what the page may send, so the run is started directly):
    // step 1 learns at 1e-3, step 2 at ~1e29 and ruins the weights.
    const state = new EngineState();
    state.load('base', new Uint8Array(bytes));
    const events: TrainProgress[] = [];
    const p = train.params.parse(params({ snapshotEvery: 1 }), 'params');
    const result = await runTraining({
      params: { ...p, train: { ...p.train, schedule: { maxLr: 1e-3, minLr: 1e30, warmupIters: 0, decayIters: 5 } } },
      source: state.get('base').loaded, saved: null, report: (e) => events.push(e), signal: new AbortController().signal,
      fallbackBackend: async () => createJsBackend('float32'),
    });
    expect(result.stopped).toMatchObject({ reason: 'diverged', iter: 1, message: expect.stringMatching(/NaN or infinite.*from iteration 1/) });
    const kept = loadModel(new Uint8Array(result.bytes));
    expect(kept.meta.iter).toBe(1);
    for (const param of kept.model.parameters()) expect(param.toArray().every(Number.isFinite)).toBe(true);
    const sent = events.flatMap((e) => (e.stage === 'training' && e.snapshot ? [e.snapshot.iter] : []));
    expect(sent.every((iter) => iter < 2)).toBe(true); // nothing the blow-up made was sent
  });

  it('refuses to train weights that are already not finite', async () => {
    const state = new EngineState();
    state.load('base', new Uint8Array(bytes));
    const source = state.get('base').loaded;
    source.model.namedParameters().get('ln_f.weight')!.assign(new Float32Array(16).fill(NaN));
    const p = train.params.parse(params(), 'params');
    await expect(runTraining({
      params: p, source, saved: null, report: () => {}, signal: new AbortController().signal, fallbackBackend: async () => createJsBackend('float32'),
    })).rejects.toThrow(/already NaN or infinite/);
  });

  it('reports learning rate, gradient norm, tokens/s and FLOPs/s, and samples a fixed prompt with a seed', async () => {
    const w = await worker();
    const sample = { prompt: 'ROMEO:', every: 4, maxNewTokens: 8, seed: 3 };
    const [one, two] = [await w.train(params({ sample })), await w.train(params({ sample }))];
    const config = loadModel(new Uint8Array(bytes)).model.config;
    for (const s of one.steps) {
      expect(s.lr).toBeGreaterThan(0);
      expect(s.gradNorm).toBeGreaterThan(0);
      expect(s.flopsPerSecond / s.tokensPerSecond).toBeCloseTo(trainingFlopsPerStep(config, 2, 16) / (2 * 16), 6);
    }
    const samples = one.progress.filter((p) => p.stage === 'sample');
    expect(samples.map((p) => p.iter)).toEqual([4, 8]);
    expect(samples.every((p) => p.stage === 'sample' && p.text.length > 0 && p.prompt === 'ROMEO:')).toBe(true);
    expect(two.progress.filter((p) => p.stage === 'sample')).toEqual(samples);
  });

  it('refuses impossible settings with the field and its range', async () => {
    const w = await worker();
    const refused = async (train: object) => (await w.train(params({ train: train as TrainParams['train'] }))).answer;
    const error = (message: RegExp) => ({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(message) } });
    expect(await refused({ schedule: { maxLr: -1 } })).toMatchObject(error(/^params\.train\.schedule\.maxLr must be a finite number from 0 to 10; got -1\.$/));
    expect(await refused({ schedule: { minLr: NaN } })).toMatchObject(error(/^params\.train\.schedule\.minLr must be a finite number/));
    expect(await refused({ maxIters: NaN })).toMatchObject(error(/^params\.train\.maxIters must be a whole number from 1 to 1000000; got NaN\.$/));
    expect(await refused({ batchSize: 0 })).toMatchObject(error(/^params\.train\.batchSize must be a whole number from 1/));
    expect(await refused({ evalIters: 0 })).toMatchObject(error(/^params\.train\.evalIters must be a whole number from 1/));
    // Past the schema, the engine's own check: windows no longer than the model's context (16 here).
    expect(await refused({ blockSize: 17 })).toMatchObject(error(/^params\.train\.blockSize must be a whole number from 1 to the model's block size 16, got 17\.$/));
    // A partial schedule is a whole one: the other fields take their defaults.
    expect(await refused({ maxIters: 2, schedule: { maxLr: 1e-3 } })).toMatchObject({ kind: 'result' });
  });
});
