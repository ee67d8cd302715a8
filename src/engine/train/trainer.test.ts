import { describe, it, expect } from 'vitest';
import { GPT } from '../model/gpt';
import { TokenDataset } from './data';
import { Trainer, NonFiniteLossError, type TrainConfig, type TrainerPosition } from './trainer';
import { cosineLr } from '../optim/schedule';
import { initLikeNanoGPT } from '../model/nanogptInit';
import { CharTokenizer } from '../tokenizer';
import { TorchGenerator } from '../util/torchGenerator';
import { loadModel, saveModel } from './modelFile';

const config = { vocabSize: 8, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' as const };
const train = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  maxIters: 60, batchSize: 4, blockSize: 8, weightDecay: 0, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 30, evalIters: 2, seed: 3,
  schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 5, decayIters: 60 }, ...over,
});
// A periodic sequence is perfectly predictable after one period: the loss must approach 0.
const periodic = Array.from({ length: 400 }, (_, i) => [1, 3, 5, 7, 2][i % 5]);

describe('Trainer', () => {
  it('overfits a periodic sequence (seeded) and reports evaluations', async () => {
    const model = new GPT(config, 1);
    const trainer = new Trainer(model, new TokenDataset(periodic), train());
    const evals: number[] = [];
    let first = 0, last = 0;
    await trainer.run({
      onEval: (e) => { evals.push(e.val); },
      onStep: (s) => { if (s.iter === 1) first = s.loss; last = s.loss; },
    });
    expect(first).toBeGreaterThan(1.5);
    expect(last).toBeLessThan(0.3);
    expect(evals.length).toBe(3); // iterations 0, 30 and 60
    expect(evals[2]).toBeLessThan(evals[0] / 4);
  });

  it('is reproducible: same seed, same losses', async () => {
    const run = async () => {
      const t = new Trainer(new GPT(config, 9), new TokenDataset(periodic), train({ maxIters: 5 }));
      const losses: number[] = [];
      await t.run({ onStep: (s) => { losses.push(s.loss); } });
      return losses;
    };
    expect(await run()).toEqual(await run());
  });

  it('stops on a non-finite loss and keeps the last good weights', async () => {
    const model = new GPT(config, 1);
    const trainer = new Trainer(model, new TokenDataset(periodic), train());
    await trainer.step();
    const before = model.namedParameters().get('wte.weight')!.toArray();
    model.namedParameters().get('ln_f.weight')!.assign(new Float32Array(16).fill(NaN));
    await expect(trainer.step()).rejects.toThrow(NonFiniteLossError);
    expect(Array.from(model.namedParameters().get('wte.weight')!.toArray())).toEqual(Array.from(before));
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const trainer = new Trainer(new GPT(config, 1), new TokenDataset(periodic), train());
    await trainer.run({ signal: controller.signal, onStep: (s) => { if (s.iter === 3) controller.abort(); } });
    expect(trainer.iter).toBe(3);
  });

  it('cosine schedule: warm-up, peak, floor', () => {
    const s = { maxLr: 1, minLr: 0.1, warmupIters: 10, decayIters: 100 };
    expect(cosineLr(0, s)).toBeCloseTo(1 / 11);
    expect(cosineLr(10, s)).toBeCloseTo(1);
    expect(cosineLr(55, s)).toBeCloseTo(0.55);
    expect(cosineLr(500, s)).toBe(0.1);
  });

  it('refuses windows longer than the block size and too-short splits', () => {
    expect(() => new Trainer(new GPT(config, 1), new TokenDataset(periodic), train({ blockSize: 9 }))).toThrow(/block size/);
    expect(() => new TokenDataset([1, 2, 3]).batch('val', 1, 4, new Trainer(new GPT(config), new TokenDataset(periodic), train()).rng)).toThrow(/fewer than one window/);
  });
});

describe('Trainer random streams', () => {
  /** Records the range of every draw: the train split and the val split have different lengths, so the log says which. */
  class Recorder {
    draws: number[] = [];
    private word = 1;
    state = 0;
    int(n: number): number {
      this.draws.push(n);
      this.word = (this.word * 48271) % 2147483647;
      return this.word % n;
    }
  }
  const data = new TokenDataset(Array.from({ length: 500 }, (_, i) => i % 8)); // 450 train tokens, 50 val
  const trainN = 450 - 8, valN = 50 - 8;
  const runLengths = (xs: number[]) => xs.reduce<[number, number][]>((runs, x) => {
    const last = runs[runs.length - 1];
    if (last && last[0] === x) last[1]++;
    else runs.push([x, 1]);
    return runs;
  }, []);

  it("with fresh evaluation batches, draws in nanoGPT's order: next batch, eval train, eval val, step", async () => {
    const rng = new Recorder();
    const t = new Trainer(new GPT(config, 1), data, train({ maxIters: 2, evalInterval: 2, evalBatches: 'fresh' }), { rng });
    await t.run();
    // B0 is drawn before the first evaluation; B1 after step 0; B2 before the last evaluation (as nanoGPT does).
    const B = 4, E = 2 * B;
    expect(runLengths(rng.draws)).toEqual([[trainN, B + E], [valN, E], [trainN, B + B + E], [valN, E]]);
  });

  it('with fixed evaluation batches, training draws only training batches from its stream', async () => {
    const rng = new Recorder();
    const t = new Trainer(new GPT(config, 1), data, train({ maxIters: 3, evalInterval: 2 }), { rng });
    await t.run();
    expect(rng.draws).toEqual(new Array(3 * 4).fill(trainN));
  });

  it("resumes nanoGPT's stream exactly from a checkpoint: weights, moments, generator state and the pending batch", async () => {
    const text = 'to be or not to be, that is the question; whether tis nobler in the mind to suffer '.repeat(8);
    const tokenizer = CharTokenizer.fromText(text);
    const stream = new TokenDataset(tokenizer.encode(text));
    const cfg = { ...config, vocabSize: tokenizer.vocabSize };
    const recipe = (maxIters: number) => train({ maxIters, evalInterval: 3, evalBatches: 'fresh', schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 2, decayIters: 8 } });
    const losses = async (t: Trainer<TorchGenerator>) => {
      const out: number[] = [];
      await t.run({ onStep: (s) => { out.push(s.loss); }, onEval: (e) => { out.push(e.val); } });
      return out;
    };
    const fresh = (maxIters: number) => {
      const model = new GPT(cfg, 1);
      const rng = new TorchGenerator(5);
      initLikeNanoGPT(model, rng);
      return new Trainer(model, stream, recipe(maxIters), { rng });
    };

    const straight = await losses(fresh(8));
    const first = fresh(6);
    const before = await losses(first); // ends with the evaluation at 6, which draws the next batch ahead
    expect(first.pendingStarts).not.toBeNull();
    const bytes = await saveModel(first.model, tokenizer, {
      kind: 'base', label: 'test', createdAt: '', iter: first.iter,
      notes: { position: first.position },
    }, { optimizer: first.optimizer });
    const loaded = loadModel(bytes);
    const resumed = new Trainer(loaded.model, stream, recipe(8), { rng: new TorchGenerator(999) });
    resumed.optimizer.loadState(loaded.optimizerState!);
    resumed.position = loaded.meta.notes!.position as TrainerPosition;
    const after = await losses(resumed); // no second evaluation at 6: it would move the stream
    expect(before).toEqual(straight.slice(0, before.length));
    expect(after).toEqual(straight.slice(before.length));
    expect(after).toHaveLength(3); // steps 7 and 8, the evaluation at 8
  });
});
