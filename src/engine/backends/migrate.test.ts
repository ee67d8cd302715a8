import { afterAll, describe, expect, it, vi } from 'vitest';
import { createJsBackend } from './js/jsBackend';
import { moveTensorsTo, snapshotTensors } from './migrate';
import { createWebGpuBackend } from './webgpu/webgpuBackend';
import { createNodeDevice } from './webgpu/testing/nodeGpu';
import { tensor } from '../tensor';
import { withBackend } from '../runtime';
import { reshape } from '../ops/movement';
import { add } from '../ops/binary';
import { GPT } from '../model/gpt';
import { Trainer } from '../train/trainer';
import { TokenDataset } from '../train/data';
import { withBackendAsync } from '../runtime';

const devices: GPUDevice[] = [];
afterAll(() => devices.forEach((d) => d.destroy()));

async function webgpu() {
  const device = await createNodeDevice();
  devices.push(device);
  return createWebGpuBackend({ device });
}

describe('moveTensorsTo', () => {
  it('moves tensors, their views and gradients, and frees the old buffers', async () => {
    const from = createJsBackend('float32'), to = createJsBackend('float64');
    const free = vi.spyOn(from, 'free');
    const { w, view, grad } = withBackend(from, () => {
      const w = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      w.grad = tensor([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [2, 3]);
      return { w, view: reshape(w, [6]), grad: w.grad };
    });
    expect(await moveTensorsTo([w, view], to)).toBe(2); // one shared storage + the gradient
    expect(w.backend).toBe(to);
    expect(view.backend).toBe(to);
    expect(grad.backend).toBe(to);
    expect(Array.from(view.toArray())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(free).toHaveBeenCalledTimes(2);
    expect(Array.from(add(w, grad).toArray())).toEqual([1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
  });

  it('carries weights from webgpu to js and back', async () => {
    const gpu = await webgpu(), js = createJsBackend();
    const w = withBackend(gpu, () => tensor([1, -2, 3.5], [3]));
    await moveTensorsTo([w], js);
    expect(Array.from(w.toArray())).toEqual([1, -2, 3.5]);
    await moveTensorsTo([w], gpu);
    expect(w.backend).toBe(gpu);
    expect(Array.from(await add(w, w).data())).toEqual([2, -4, 7]);
  });

  it('recovers from a lost device with a snapshot, and changes nothing without one', async () => {
    const gpu = await webgpu(), js = createJsBackend();
    const [a, b] = withBackend(gpu, () => [tensor([1, 2], [2]), tensor([3, 4], [2])]);
    const snapshot = await snapshotTensors([a, b]);
    devices[devices.length - 1].destroy();
    await vi.waitFor(() => expect(gpu.lostReason).toMatch(/destroyed/));
    await expect(moveTensorsTo([a, b], js)).rejects.toThrow(/cannot move .* off the webgpu backend/);
    expect(a.backend).toBe(gpu);
    await moveTensorsTo([a, b], js, snapshot);
    expect(Array.from(add(a, b).toArray())).toEqual([4, 6]);
  });
});

/** A tiny model learning next = previous + 3 (mod 11), on whatever backend is active when it is made. */
function tinyTrainer(): { trainer: Trainer; model: GPT } {
  const data = new TokenDataset(Int32Array.from({ length: 400 }, (_, i) => (i * 3) % 11));
  const model = new GPT({ vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' }, 5);
  const trainer = new Trainer(model, data, {
    maxIters: 6, batchSize: 4, blockSize: 8, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1,
    evalInterval: 1000, evalIters: 1, seed: 1, schedule: { maxLr: 2e-2, minLr: 2e-3, warmupIters: 1, decayIters: 6 },
  });
  return { trainer, model };
}


describe('engine fallback when the GPU is lost mid-training', () => {
  it('loses only the step in flight: weights and moments go to js from the last snapshot, training goes on as on js', async () => {
    const js = createJsBackend('float32');
    const reference = await withBackendAsync(js, async () => {
      const { trainer, model } = tinyTrainer();
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) losses.push((await trainer.step()).loss);
      trainer.dispose();
      model.dispose();
      return losses;
    });

    const device = await createNodeDevice();
    devices.push(device);
    const onDeviceLost = vi.fn();
    const gpu = await createWebGpuBackend({ device, onDeviceLost });
    const { trainer, model } = await withBackendAsync(gpu, async () => tinyTrainer());
    const state = () => [...model.parameters(), ...trainer.optimizer.state().m, ...trainer.optimizer.state().v];
    const losses: number[] = [];
    let snapshot = new Map(), rngState = 0;
    await withBackendAsync(gpu, async () => {
      for (let i = 0; i < 3; i++) {
        losses.push((await trainer.step()).loss);
        snapshot = await snapshotTensors(state());
        rngState = trainer.rng.state;
      }
      device.destroy();
      await expect(trainer.step()).rejects.toThrow(/device lost/);
    });
    expect(onDeviceLost).toHaveBeenCalledTimes(1);

    await moveTensorsTo(state(), js, snapshot);
    trainer.rng.state = rngState;
    await withBackendAsync(js, async () => {
      for (let i = 0; i < 3; i++) losses.push((await trainer.step()).loss);
    });
    losses.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(reference[i], 3));
    trainer.dispose();
    model.dispose();
  });
});
