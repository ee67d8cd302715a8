// The train method's additions for the Training chapter: a `data` report (how the text split into tokens) and,
// with `probe`, exact match on held-out prompts and the plain-text loss at every evaluation.
import { beforeAll, describe, expect, it } from 'vitest';
import { createJsBackend } from '../engine';
import { EngineState } from './engineState';
import { train } from './handlers/train';
import type { TrainProgress } from './handlers/train';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';
import { runTraining } from './trainingRun';

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

async function runWith(params: Record<string, unknown>) {
  const state = new EngineState();
  state.load('base', new Uint8Array(bytes));
  const events: TrainProgress[] = [];
  const p = train.params.parse({ key: 'base', kind: 'sft', label: 'run', ...params }, 'params');
  const result = await runTraining({
    params: p, source: state.get('base').loaded, saved: null, report: (e) => events.push(e), signal: new AbortController().signal,
    fallbackBackend: async () => createJsBackend('float32'),
  });
  return { events, result };
}

const settings = { maxIters: 4, batchSize: 2, blockSize: 16, evalInterval: 2, evalIters: 1, schedule: { maxLr: 1e-3, warmupIters: 0 } };

describe('train: data report and fine-tuning probe', () => {
  it('reports how a text splits into tokens, once, before the first step', async () => {
    const { events } = await runWith({ corpus: tinyCorpus, train: settings });
    const data = events.filter((e) => e.stage === 'data');
    expect(data).toHaveLength(1);
    const d = data[0] as Extract<TrainProgress, { stage: 'data' }>;
    expect(d.trainTokens + d.valTokens).toBe(tinyCorpus.length); // the tiny model reads characters
    expect(d.valCharacters).toBe(d.valTokens);
    expect(events.findIndex((e) => e.stage === 'data')).toBeLessThan(events.findIndex((e) => e.stage === 'training'));
  });

  it('scores held-out prompts and measures the plain-text loss at every evaluation', async () => {
    const examples = [
      { prompt: 'ROMEO: But', response: ' soft' },
      { prompt: 'It is the', response: ' east' },
      { prompt: 'Juliet is', response: ' the sun' },
    ];
    const held = [{ prompt: 'what light', response: ' through' }, { prompt: 'is the', response: ' east' }];
    const { events, result } = await runWith({ examples, train: settings, probe: { examples: held, maxNewTokens: 3, text: tinyCorpus } });
    const probes = events.filter((e): e is Extract<TrainProgress, { stage: 'probe' }> => e.stage === 'probe');
    expect(probes.map((p) => p.iter)).toEqual([0, 2, 4]); // with every evaluation
    for (const p of probes) {
      expect(p.answers).toHaveLength(2);
      expect(p.exactMatch).toBeGreaterThanOrEqual(0);
      expect(p.exactMatch).toBeLessThanOrEqual(1);
      expect(p.textLoss).toBeGreaterThan(0);
      expect(p.answers.every((a) => !a.includes('\n'))).toBe(true);
    }
    expect(result.stopped.reason).toBe('finished');
    expect(events.some((e) => e.stage === 'data')).toBe(false); // examples are not a text
  });

  it('samples the untrained model before the first step when asked, and only then', async () => {
    const sample = { prompt: 'ROMEO:', every: 2, maxNewTokens: 4, atStart: true };
    const { events } = await runWith({ corpus: tinyCorpus, train: settings, sample });
    const iters = events.flatMap((e) => (e.stage === 'sample' ? [e.iter] : []));
    expect(iters).toEqual([0, 2, 4]);
    expect(events.findIndex((e) => e.stage === 'sample')).toBeLessThan(events.findIndex((e) => e.stage === 'training'));
    const plain = await runWith({ corpus: tinyCorpus, train: settings, sample: { ...sample, atStart: false } });
    expect(plain.events.flatMap((e) => (e.stage === 'sample' ? [e.iter] : []))).toEqual([2, 4]);
  });

  it('refuses a probe with too many prompts', () => {
    const many = Array.from({ length: 501 }, () => ({ prompt: 'a', response: 'b' }));
    expect(() => train.params.parse({ key: 'base', kind: 'sft', label: 'x', examples: many, probe: { examples: many } }, 'params')).toThrow(/probe/);
  });
});
