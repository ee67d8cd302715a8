// A real training step on webgpu: Trainer.step records forward, backward and AdamW into command buffers and
// submits only where it reads a value back (the loss, the gradient norm), never per kernel; and the run follows
// the js backend's losses step by step while the model learns a deterministic sequence.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { createJsBackend } from '../js/jsBackend';
import { GPT } from '../../model/gpt';
import { Trainer } from '../../train/trainer';
import { TokenDataset } from '../../train/data';
import { getBackend, setBackend } from '../../runtime';
import type { WebGpuBackend } from './webgpuBackend';
import { useNodeWebGpu } from './testing/nodeWebGpuSuite';

let gpu: WebGpuBackend;
useNodeWebGpu((made) => { gpu = made.backend; });

/** Runs `steps` Trainer steps on `backend`; `inspect` sees the backend around step 2. Returns the losses. */
async function train(backend: Backend, steps: number, inspect?: (step: () => Promise<unknown>) => Promise<void>): Promise<number[]> {
  const previous = getBackend();
  setBackend(backend);
  const data = new TokenDataset(Int32Array.from({ length: 400 }, (_, i) => (i * 3) % 11)); // next = previous + 3
  const model = new GPT({ vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' }, 5);
  const trainer = new Trainer(model, data, {
    maxIters: steps, batchSize: 4, blockSize: 8, weightDecay: 0, beta1: 0.9, beta2: 0.99, gradClip: 1,
    evalInterval: 1000, evalIters: 1, seed: 1, schedule: { maxLr: 2e-2, minLr: 2e-2, warmupIters: 0, decayIters: steps },
  });
  try {
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      if (i === 2 && inspect) await inspect(async () => losses.push((await trainer.step()).loss));
      else losses.push((await trainer.step()).loss);
    }
    return losses;
  } finally {
    trainer.dispose();
    model.dispose();
    setBackend(previous);
  }
}

describe('training on webgpu', () => {
  it('submits only at the read-backs of a step, learns, and follows the js backend', async () => {
    let submits = 0, dispatches = 0;
    const losses = await train(gpu, 30, async (step) => {
      const before = gpu.stats();
      await step();
      submits = gpu.stats().submits - before.submits;
      dispatches = gpu.stats().dispatches - before.dispatches;
    });
    expect(dispatches).toBeGreaterThan(50);
    expect(submits).toBeLessThanOrEqual(2);
    expect(losses[29]).toBeLessThan(losses[0] / 2);
    const reference = await train(createJsBackend('float32'), 30);
    losses.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(reference[i], 3));
    expect(gpu.lostReason).toBeNull();
  });
});
