// "Stop at the best validation" over the worker protocol: `train` with keepBest answers with the model of the
// evaluation whose validation loss was lowest, and with patience stops once that many evaluations have not beaten it.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../engine';
import type { TrainProgress, TrainResult } from './handlers/train';
import { hostHarness } from './testing/hostHarness';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

// A high constant rate on a short text: validation falls, then wobbles and climbs (the overfitting preset's shape).
const settings = { maxIters: 40, batchSize: 4, blockSize: 16, evalInterval: 2, evalIters: 2, seed: 5, schedule: { maxLr: 3e-2, minLr: 3e-2, warmupIters: 0 } };

async function run(keepBest: { patience?: number; beat?: number }) {
  const h = hostHarness();
  await h.result('loadCheckpoint', { key: 'base', bytes });
  const call = h.call('train', { key: 'base', corpus: tinyCorpus.repeat(3), kind: 'pretrained', label: 'run', train: settings, keepBest });
  const answer = await call.done;
  if (answer.kind === 'error') throw new Error(answer.error.message);
  const progress = call.progress() as TrainProgress[];
  const evals = progress.flatMap((p) => (p.stage === 'evaluation' ? [p] : []));
  const bests = progress.flatMap((p) => (p.stage === 'best' ? [p] : []));
  return { result: answer.result as TrainResult, evals, bests };
}

describe('train with keepBest', () => {
  it('answers with the model of the lowest validation loss, while the run goes on to its end', async () => {
    const { result, evals } = await run({});
    expect(result.stopped).toMatchObject({ reason: 'finished', iter: 40 });
    const lowest = evals.reduce((a, b) => (b.val < a.val ? b : a));
    expect(result.best).toMatchObject({ iter: lowest.iter, val: lowest.val });
    expect(lowest.iter).toBeLessThan(40); // validation did turn up, so the best is not simply the last model
    const model = loadModel(new Uint8Array(result.best!.bytes));
    expect(model.meta.iter).toBe(lowest.iter);
    expect(model.meta.valLoss).toBe(lowest.val);
    expect(model.optimizerState).toBeNull();
    model.model.dispose();
  }, 60_000);

  it('reports each new best as it is kept, with its own copy of the model, so a page can store it before the answer', async () => {
    const { result, evals, bests } = await run({});
    // One report per evaluation that beat every earlier one, in order; the last is the answer's best, byte for byte.
    let lowest = Infinity;
    const beaten = evals.filter((e) => (e.val < lowest ? ((lowest = e.val), true) : false));
    expect(bests.map((b) => [b.iter, b.val])).toEqual(beaten.map((e) => [e.iter, e.val]));
    expect(new Uint8Array(bests.at(-1)!.bytes)).toEqual(new Uint8Array(result.best!.bytes));
    expect(bests.at(-1)!.bytes).not.toBe(result.best!.bytes);
  }, 60_000);

  it('with patience, stops after that many evaluations without a new best', async () => {
    const { result, evals } = await run({ patience: 2 });
    // Replay the rule on the evaluations it saw: the run must stop at the second evaluation in a row without a new best.
    let best = Infinity, since = 0, stopAt: number | null = null;
    for (const e of evals) {
      if (e.val < best) { best = e.val; since = 0; } else if (++since >= 2) { stopAt = e.iter; break; }
    }
    expect(stopAt).not.toBeNull();
    expect(result.stopped).toMatchObject({ reason: 'finished', iter: stopAt, message: expect.stringMatching(/Stopped early at iteration \d+/) });
    expect(evals.at(-1)!.iter).toBe(stopAt);
    expect(result.best!.val).toBe(best);
  }, 60_000);

  it('keeps nothing when no evaluation beats the loss it is given to beat', async () => {
    const { result } = await run({ beat: 0.001 });
    expect(result.best).toBeUndefined();
  }, 60_000);
});
