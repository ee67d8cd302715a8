import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { CharTokenizer } from '../tokenizer';
import { CheckpointError } from './checkpoint';
import { TokenDataset } from './data';
import { loadModel, saveModel } from './modelFile';
import { loadRunState, resumeTrainer, saveRunState, TrustedRunStates } from './runState';
import { NonFiniteLossError, Trainer, type ResumableRandom, type TrainConfig } from './trainer';

const text = 'to be or not to be, that is the question; whether tis nobler in the mind to suffer '.repeat(6);
const tokenizer = CharTokenizer.fromText(text);
const ids = tokenizer.encode(text);
// Dropout on: an exact resume must also restore the model's own random stream (its dropout masks).
const modelConfig = { vocabSize: tokenizer.vocabSize, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0.1, bias: false, positional: 'learned' as const };
const recipe: TrainConfig = {
  maxIters: 12, batchSize: 4, blockSize: 8, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 4, evalIters: 2, seed: 3,
  schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 3, decayIters: 12 },
};
const meta = () => ({ kind: 'retrained', label: 'test', createdAt: '' });

/** Step losses and evaluations, in the order they happen. */
async function record(trainer: Trainer<ResumableRandom>, stopAfter?: number): Promise<number[]> {
  const controller = new AbortController();
  const out: number[] = [];
  await trainer.run({
    signal: controller.signal,
    onStep: (s) => { out.push(s.loss, s.gradNorm, s.lr); if (s.iter === stopAfter) controller.abort(); },
    onEval: (e) => { out.push(e.train, e.val); },
  });
  return out;
}

describe('run state', () => {
  it('resumes a paused run to the same losses, bit for bit, as a run never interrupted', async () => {
    const straight = await record(new Trainer(new GPT(modelConfig, 1), new TokenDataset(ids), recipe));
    const first = new Trainer(new GPT(modelConfig, 1), new TokenDataset(ids), recipe);
    const before = await record(first, 7); // paused between two evaluations
    const bytes = await saveRunState(first, tokenizer, meta());
    first.dispose();
    // A reload: everything rebuilt from the bytes and the same text.
    const resumed = resumeTrainer(await loadRunState(bytes!), new TokenDataset(tokenizer.encode(text)));
    expect(resumed.iter).toBe(7);
    const after = await record(resumed);
    expect([...before, ...after]).toEqual(straight);
  });

  it('is also the model so far, and refuses what cannot be resumed', async () => {
    const trainer = new Trainer(new GPT(modelConfig, 1), new TokenDataset(ids), { ...recipe, maxIters: 2 });
    await trainer.run();
    const bytes = (await saveRunState(trainer, tokenizer, meta()))!;
    expect(loadModel(bytes).meta.iter).toBe(2);
    const saved = await loadRunState(bytes);
    expect(() => resumeTrainer(saved, new TokenDataset(ids.slice(1)))).toThrow(/saved while training on other data/);
    expect(() => resumeTrainer(saved, new TokenDataset(ids), { maxIters: 1 })).toThrow(/maxIters must be at least 2/);
    const plain = await saveModel(trainer.model, tokenizer, { ...meta(), iter: 2 });
    await expect(loadRunState(plain)).rejects.toThrow(CheckpointError);
    await expect(loadRunState(plain)).rejects.toThrow(/not a paused training run/);
  });
});

describe('trusted run states', () => {
  it('after a blow-up, hands out no state the exploding weights made and falls back to the last good one', async () => {
    const model = new GPT({ ...modelConfig, dropout: 0 }, 1);
    const trainer = new Trainer(model, new TokenDataset(ids), { ...recipe, maxIters: 40 });
    const states = new TrustedRunStates(trainer, tokenizer, meta, 1);
    await states.start();
    const handedOut: number[] = [];
    const weightsAt = new Map<number, number[]>();
    const run = trainer.run({
      onStep: async (s) => {
        weightsAt.set(s.iter, Array.from(await model.namedParameters().get('wte.weight')!.data()));
        const vouched = await states.afterStep();
        if (vouched) handedOut.push(loadModel(vouched).meta.iter);
        // From iteration 4 the learning rate is absurd: the next update is finite but ruins the weights.
        if (s.iter === 4) trainer.config.schedule = { maxLr: 1e30, minLr: 1e30, warmupIters: 0, decayIters: 0 };
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    // The weights after iteration failedAt are ruined: NaN or beyond float32's square (caught when they are saved),
    // or a NaN loss on the next step (caught by the trainer).
    const failedAt = (error as NonFiniteLossError).iter;
    expect(failedAt).toBeGreaterThanOrEqual(5);
    expect(handedOut).toEqual(handedOut.map((_, i) => i + 1)); // 1, 2, 3 …: one per step, each vouched for
    expect(Math.max(...handedOut)).toBeLessThan(failedAt);
    expect(states.last!.iter).toBe(failedAt - 1);
    const kept = loadModel(states.last!.bytes).model.namedParameters().get('wte.weight')!.toArray();
    expect(Array.from(kept)).toEqual(weightsAt.get(failedAt - 1));
    expect(kept.every(Number.isFinite)).toBe(true);
  });

  it('a run that stops with ruined weights ends with the last trusted state instead', async () => {
    const trainer = new Trainer(new GPT(modelConfig, 1), new TokenDataset(ids), recipe);
    const states = new TrustedRunStates(trainer, tokenizer, meta, 2);
    await states.start();
    const controller = new AbortController();
    await trainer.run({ signal: controller.signal, onStep: async (s) => { await states.afterStep(); if (s.iter === 3) controller.abort(); } });
    expect(states.last!.iter).toBe(2); // taken at 2, vouched for by step 3
    trainer.model.namedParameters().get('ln_f.weight')!.assign(new Float32Array(16).fill(Infinity));
    const end = await states.final();
    expect(end.iter).toBe(2);
    expect((await loadRunState(end.bytes)).run.position.iter).toBe(2);
  });

  it('a cancelled run ends with its weights as they are, usable and resumable', async () => {
    const trainer = new Trainer(new GPT(modelConfig, 1), new TokenDataset(ids), recipe);
    const states = new TrustedRunStates(trainer, tokenizer, meta, 5);
    await states.start();
    await record(trainer, 3);
    const end = await states.final();
    expect(end.iter).toBe(3);
    const saved = await loadRunState(end.bytes);
    expect(Array.from(saved.model.namedParameters().get('h.0.attn.c_attn.weight')!.toArray()))
      .toEqual(Array.from(trainer.model.namedParameters().get('h.0.attn.c_attn.weight')!.toArray()));
    expect(resumeTrainer(saved, new TokenDataset(ids)).iter).toBe(3);
  });
});
