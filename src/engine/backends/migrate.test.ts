import { afterAll, describe, expect, it, vi } from 'vitest';
import { createJsBackend } from './js/jsBackend';
import { moveTensorsTo, snapshotTensors } from './migrate';
import { createWebGpuBackend } from './webgpu/webgpuBackend';
import { createNodeDevice } from './webgpu/testing/nodeGpu';
import { tensor } from '../tensor';
import { withBackend } from '../runtime';
import { reshape } from '../ops/movement';
import { add } from '../ops/binary';

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
