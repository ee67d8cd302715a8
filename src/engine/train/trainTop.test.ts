// Training only the top of a model (Trainer's trainLastBlocks), as a model too big to train whole is fine-tuned:
// the frozen parameters stay bit for bit, get no moments and no graph; the trained ones move and the loss falls;
// a paused partial run resumes exactly; without the option every parameter trains as before.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { topParameters } from '../model/gptConfig';
import { trainingFlopsPerStep } from '../flops';
import { tidy } from '../runtime';
import { tensor, type Tensor } from '../tensor';
import { CharTokenizer } from '../tokenizer';
import { TokenDataset } from './data';
import { openCheckpoint } from './checkpoint';
import { loadModel } from './modelFile';
import { frozenFingerprint, loadRunState, modelOfRunState, resumeTrainer, saveRunState } from './runState';
import { isTrainedParameter, Trainer, type ResumableRandom, type TrainConfig } from './trainer';
import { copyModel } from '../model/copy';

const text = 'the cat sat on the mat and the dog sat on the log; '.repeat(12);
const tokenizer = CharTokenizer.fromText(text);
const ids = tokenizer.encode(text);
const config = { vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 3, nHead: 2, nEmbd: 16, dropout: 0, bias: true, positional: 'learned' as const };
const recipe = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  maxIters: 40, batchSize: 4, blockSize: 16, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 20, evalIters: 2, seed: 5,
  schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 3, decayIters: 40 }, ...over,
});
const isTop = (name: string) => name.startsWith('ln_f.') || name.startsWith('h.2.');
const values = (model: GPT) => new Map([...model.namedParameters()].map(([n, p]) => [n, Array.from(p.toArray())]));

/** Every tensor the loss's graph reaches (what backward would walk). */
function graphOf(loss: Tensor): Set<Tensor> {
  const seen = new Set<Tensor>();
  const stack = [loss];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const input of t.gradNode?.inputs ?? []) if (input.requiresGrad) stack.push(input);
  }
  return seen;
}

describe('Trainer with trainLastBlocks', () => {
  it('leaves the frozen parameters bit for bit, moves the trained ones, and keeps moments only for those', async () => {
    const model = new GPT(config, 1);
    const before = values(model);
    const trainer = new Trainer(model, new TokenDataset(ids), recipe({ trainLastBlocks: 1 }));
    const { params } = trainer.optimizer.state();
    expect(params.map((p) => p.name)).toEqual([...model.namedParameters().keys()].filter(isTop));
    for (let i = 0; i < 3; i++) await trainer.step();
    for (const [name, after] of values(model)) {
      if (isTop(name)) expect(after, name).not.toEqual(before.get(name));
      else expect(after, name).toEqual(before.get(name));
    }
    trainer.dispose();
  });

  it('keeps no graph below the first trained block', () => {
    const model = new GPT(config, 1);
    const trainer = new Trainer(model, new TokenDataset(ids), recipe({ trainLastBlocks: 1 }));
    const named = model.namedParameters();
    tidy(() => {
      const x = tensor(ids.slice(0, 16), [1, 16]);
      const y = tensor(ids.slice(1, 17), [1, 16]);
      const graph = graphOf(model.forward(x, { targets: y }).loss!);
      for (const [name, p] of named) expect(graph.has(p), name).toBe(isTop(name));
      // The graph starts at block 2's input: the only nodes are the top block's, ln_f's, the head's and the loss's.
      expect([...graph].filter((t) => t.gradNode).length).toBeLessThan(40);
    });
    trainer.dispose();
  });

  it('fine-tunes a tiny model with its bottom frozen: the loss falls', async () => {
    const trainer = new Trainer(new GPT(config, 2), new TokenDataset(ids), recipe({ trainLastBlocks: 1, schedule: { maxLr: 3e-2, minLr: 3e-3, warmupIters: 3, decayIters: 40 } }));
    const evals: number[] = [];
    await trainer.run({ onEval: (e) => { evals.push(e.train); } });
    console.log(`frozen-bottom tiny run, train loss at 0/20/40: ${evals.map((l) => l.toFixed(3)).join(' / ')}`);
    expect(evals.at(-1)!).toBeLessThan(evals[0] - 0.2); // random frozen embeddings (tied to the head) cap how far it can go
    trainer.dispose();
  });

  it('resumes a paused partial run to the same losses as an uninterrupted one', async () => {
    const run = async (trainer: Trainer<ResumableRandom>, stopAt?: number) => {
      const losses: number[] = [];
      const stop = new AbortController();
      await trainer.run({ signal: stop.signal, onStep: (s) => { losses.push(s.loss); if (s.iter === stopAt) stop.abort(); } });
      return losses;
    };
    const straight = await run(new Trainer(new GPT(config, 3), new TokenDataset(ids), recipe({ trainLastBlocks: 2, maxIters: 8 })));
    const first = new Trainer<ResumableRandom>(new GPT(config, 3), new TokenDataset(ids), recipe({ trainLastBlocks: 2, maxIters: 8 }));
    const before = await run(first, 5);
    const bytes = (await saveRunState(first, tokenizer, { kind: 'sft', label: 'test', createdAt: '' }))!;
    first.dispose();
    // The run state holds only the top two blocks and ln_f; the frozen rest comes from the model it started as.
    const base = { model: new GPT(config, 3), tokenizer };
    const resumed = resumeTrainer(await loadRunState(bytes, () => base), new TokenDataset(ids));
    expect(resumed.optimizer.state().params).toHaveLength(first.optimizer.state().params.length);
    expect([...before, ...(await run(resumed))]).toEqual(straight);
  });

  it('keeps in its run state only the trained parameters and their moments, and resumes only on the same base', async () => {
    const source = new GPT(config, 6);
    const trainer = new Trainer<ResumableRandom>(await copyModel(source, { frozen: (n) => !isTop(n) }), new TokenDataset(ids), recipe({ trainLastBlocks: 1, maxIters: 3 }));
    await trainer.run();
    const bytes = (await saveRunState(trainer, tokenizer, { kind: 'sft', label: 'test', createdAt: '' }, { key: 'lab-key', fingerprint: await frozenFingerprint(source, (n) => !isTop(n)) }))!;
    const stored = openCheckpoint(bytes);
    const top = [...source.namedParameters().keys()].filter(isTop);
    expect([...stored.tensors.keys()].sort()).toEqual([...top, ...top.map((n) => `adam.m.${n}`), ...top.map((n) => `adam.v.${n}`)].sort());
    expect((stored.meta.notes!.run as { base: { key: string } }).base.key).toBe('lab-key');

    await expect(loadRunState(bytes)).rejects.toThrow(/trained only the top blocks of a model, and that model is not loaded/);
    await expect(loadRunState(bytes, () => ({ model: new GPT(config, 7), tokenizer }))).rejects.toThrow(/its frozen weights differ/);
    await expect(loadRunState(bytes, () => ({ model: new GPT({ ...config, nEmbd: 8 }, 6), tokenizer }))).rejects.toThrow(/a model of another shape/);
    const loaded = await loadRunState(bytes, (ref) => (ref.key === 'lab-key' ? { model: source, tokenizer } : null));
    const now = trainer.model.namedParameters();
    for (const [name, p] of loaded.model.namedParameters()) expect(Array.from(p.toArray()), name).toEqual(Array.from(now.get(name)!.toArray()));
    expect(loaded.optimizerState.m.map((m) => Array.from(m))).toEqual(trainer.optimizer.state().m.map((m) => Array.from(m.toArray())));
    expect(loaded.optimizerState.stepCount).toBe(3);

    // The model alone: the base with the trained tensors put back, a plain checkpoint.
    const model = loadModel((await modelOfRunState(bytes, source)).bytes);
    for (const [name, p] of model.model.namedParameters()) expect(Array.from(p.toArray()), name).toEqual(Array.from(now.get(name)!.toArray()));
    expect(model.optimizerState).toBeNull();
    await expect(modelOfRunState(bytes)).rejects.toThrow(/the model to put them on is needed/);
    trainer.dispose();
  });

  it('copies for the run only the weights it trains: the frozen ones share the source model’s buffers', async () => {
    const source = new GPT(config, 4);
    const copy = await copyModel(source, { frozen: (name) => !isTrainedParameter(name, 3, 1) });
    const from = source.namedParameters();
    for (const [name, p] of copy.namedParameters()) {
      expect(p.buffer === from.get(name)!.buffer, name).toBe(!isTop(name));
      expect(Array.from(p.toArray()), name).toEqual(Array.from(from.get(name)!.toArray()));
    }
    copy.dispose(); // the shared buffers stay with the source
    expect(Array.from(from.get('wte.weight')!.toArray().slice(0, 4)).every(Number.isFinite)).toBe(true);
    expect(from.get('wte.weight')!.isDisposed).toBe(false);
  });

  it('refuses a number of blocks the model does not have', () => {
    expect(() => new Trainer(new GPT(config, 1), new TokenDataset(ids), recipe({ trainLastBlocks: 4 }))).toThrow(/trainLastBlocks must be a whole number from 1 to the model's 3 blocks/);
  });

  it('without the option trains every parameter, and costs as before', async () => {
    const model = new GPT(config, 1);
    const before = values(model);
    const trainer = new Trainer(model, new TokenDataset(ids), recipe());
    expect(trainer.optimizer.state().params).toEqual(model.parameters());
    await trainer.step();
    for (const [name, after] of values(model)) expect(after, name).not.toEqual(before.get(name));
    // FLOPs with every block trained are the whole-model figure.
    expect(trainingFlopsPerStep(config, 4, 16, 3)).toBe(trainingFlopsPerStep(config, 4, 16));
    expect(trainingFlopsPerStep(config, 4, 16, 1)).toBeLessThan(trainingFlopsPerStep(config, 4, 16));
    expect(topParameters(config, 1)).toBe([...model.namedParameters()].filter(([n]) => isTop(n)).reduce((s, [, p]) => s + p.size, 0));
    trainer.dispose();
  });
});
