// Fine-tuning on a narrow task with the ordinary Trainer: "a b → b a" swaps, graded on the answer only.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { generate } from '../model/generate';
import { ExampleDataset, type Example } from './finetune';
import { Trainer } from './trainer';

const SEP = 6, END = 7;
const swap = (a: number, b: number): Example => ({ prompt: [a, b, SEP], response: [b, a, END] });

describe('ExampleDataset', () => {
  it('grades only the response, pads, and keeps the end of an example longer than the window', () => {
    const data = new ExampleDataset([swap(1, 2), { prompt: [1, 2, 3, 4, 5], response: [0, 1] }], 0);
    const { x, y } = data.windows('train', [0, 1], 6);
    expect(Array.from(x.toArray())).toEqual([1, 2, 6, 2, 1, 0, /* row 2 */ 1, 2, 3, 4, 5, 0]);
    expect(Array.from(y.toArray())).toEqual([-1, -1, 2, 1, 7, -1, /* row 2 */ -1, -1, -1, -1, 0, 1]);
    const short = data.windows('train', [1], 4);
    expect(Array.from(short.x.toArray())).toEqual([3, 4, 5, 0]); // the first two prompt tokens dropped
    expect(Array.from(short.y.toArray())).toEqual([-1, -1, 0, 1]);
    expect(() => new ExampleDataset([{ prompt: [1], response: [] }])).toThrow(/no usable examples/);
  });

  it('teaches a tiny GPT to answer, including pairs it never saw', async () => {
    const all: Example[] = [];
    for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) all.push(swap(a, b));
    const unseen = [swap(0, 5), swap(3, 1), swap(4, 4), swap(2, 0)];
    const key = (e: Example) => e.prompt.join();
    const data = new ExampleDataset(all.filter((e) => !unseen.some((u) => key(u) === key(e))), 0.1);
    const model = new GPT({ vocabSize: 8, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0, bias: false, positional: 'learned' }, 4);
    const trainer = new Trainer(model, data, {
      maxIters: 400, batchSize: 16, blockSize: 8, weightDecay: 0, beta1: 0.9, beta2: 0.99, gradClip: 1,
      evalInterval: 400, evalIters: 4, seed: 2, schedule: { maxLr: 3e-3, minLr: 3e-4, warmupIters: 20, decayIters: 400 },
    });
    const evals: number[] = [];
    await trainer.run({ onEval: (e) => { evals.push(e.val); } });
    expect(evals[0]).toBeGreaterThan(1.5);
    expect(evals[evals.length - 1]).toBeLessThan(0.1);
    for (const e of unseen) {
      expect(await generate(model, e.prompt, { maxNewTokens: 3, temperature: 0 })).toEqual(e.response);
    }
    trainer.dispose();
    model.dispose();
  });
});
