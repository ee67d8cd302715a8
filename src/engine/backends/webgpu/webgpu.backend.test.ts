// The webgpu backend's own contract: no synchronous reads, one command buffer per batch of kernels, writes and
// frees that respect recorded-but-unsubmitted work, recycled buffers that read as zeros, and device loss or a
// broken pipeline reported once with a reason (a real destroyed device, a simulated lost one).
import { describe, expect, it, vi } from 'vitest';
import { createWebGpuBackend, type WebGpuBackend } from './webgpuBackend';
import { createNodeDevice } from './testing/nodeGpu';
import { useNodeWebGpu } from './testing/nodeWebGpuSuite';
import { GpuHealth } from './health';
import { PipelineCache } from './pipelines';
import { sizeClass } from './bufferPool';

let device: GPUDevice;
let gpu: WebGpuBackend;
useNodeWebGpu((made) => ({ device, backend: gpu } = made));

const values = async (buf: Parameters<WebGpuBackend['readAsync']>[0]) => Array.from(await gpu.readAsync(buf));
const flat = (n: number) => ({ outShape: [n], aStrides: [1], bStrides: [1] });

describe('reads and submission', () => {
  it('read() refuses and points at readAsync', () => {
    expect(() => gpu.read(gpu.alloc(1))).toThrow(/readAsync/);
  });

  it('records a chain of kernels into one command buffer, submitted by the read', async () => {
    const x = gpu.alloc(5), y = gpu.alloc(5);
    gpu.write(x, [1, 2, 3, 4, 5]);
    const before = gpu.stats().submits;
    for (let i = 0; i < 20; i++) {
      gpu.kernels.scalar('add', x, 1, y);
      gpu.kernels.scalar('mul', y, 1, x);
    }
    expect(gpu.stats().submits).toBe(before);
    expect(await values(x)).toEqual([21, 22, 23, 24, 25]);
    expect(gpu.stats().submits).toBe(before + 1);
  });

  it('gives each of 600 dispatches in one batch its own uniform slot', async () => {
    const a = gpu.alloc(3), b = gpu.alloc(3);
    for (let i = 0; i < 300; i++) {
      gpu.kernels.scalar('add', a, 1, b);
      gpu.kernels.scalar('add', b, 1, a);
    }
    expect(await values(a)).toEqual([600, 600, 600]);
  });

  it('flush() submits and waits', async () => {
    const a = gpu.alloc(2);
    gpu.kernels.fill(a, 4);
    const before = gpu.stats().submits;
    await gpu.flush();
    expect(gpu.stats().submits).toBe(before + 1);
    expect(await values(a)).toEqual([4, 4]);
  });
});

describe('ordering against recorded work', () => {
  it('a write after a recorded read of the same buffer does not leak into that read', async () => {
    const x = gpu.alloc(3), y = gpu.alloc(3), z = gpu.alloc(3);
    gpu.write(x, [1, 2, 3]);
    gpu.kernels.scalar('mul', x, 2, y);
    gpu.write(x, [10, 20, 30]);
    gpu.kernels.scalar('mul', x, 2, z);
    expect(await values(y)).toEqual([2, 4, 6]);
    expect(await values(z)).toEqual([20, 40, 60]);
  });

  it('a partial write lands after a recorded kernel that wrote the buffer', async () => {
    const x = gpu.alloc(3);
    gpu.kernels.fill(x, 5);
    gpu.write(x, [1], 1);
    expect(await values(x)).toEqual([5, 1, 5]);
  });
});

describe('buffer pool', () => {
  it('rounds sizes up to classes of at most 25 % waste', () => {
    expect(sizeClass(4)).toBe(256);
    expect(sizeClass(1000)).toBe(1024);
    expect(sizeClass(1100)).toBe(1280);
    for (const bytes of [300, 5000, 123456, 1e7]) {
      expect(sizeClass(bytes)).toBeGreaterThanOrEqual(bytes);
      expect(sizeClass(bytes)).toBeLessThanOrEqual(bytes * 1.25);
    }
  });

  it('recycled buffers read as zeros, take partial writes and accumulate from zero', async () => {
    const used = [gpu.alloc(640), gpu.alloc(640), gpu.alloc(640)];
    for (const b of used) gpu.kernels.fill(b, 7);
    await gpu.flush();
    for (const b of used) gpu.free(b);
    const reusedBefore = gpu.stats().buffersReused;
    const [fresh, partial, accumulated] = [gpu.alloc(640), gpu.alloc(640), gpu.alloc(640)];
    expect(gpu.stats().buffersReused).toBe(reusedBefore + 3);
    expect((await values(fresh)).every((v) => v === 0)).toBe(true);
    gpu.write(partial, [3], 5);
    const p = await values(partial);
    expect(p[5]).toBe(3);
    expect(p.filter((v) => v !== 0)).toEqual([3]);
    const src = gpu.alloc(2 * 320), ids = gpu.alloc(2);
    gpu.kernels.fill(src, 1);
    gpu.write(ids, [1, 1]);
    gpu.kernels.scatterAdd(src, ids, accumulated, 2, 320);
    const acc = await values(accumulated);
    expect(acc.slice(0, 320).every((v) => v === 0)).toBe(true);
    expect(acc.slice(320).every((v) => v === 2)).toBe(true);
  });

  it('does not hand out a freed buffer while recorded work still uses it', async () => {
    const a = gpu.alloc(1000);
    gpu.kernels.fill(a, 1);
    gpu.free(a);
    const createdBefore = gpu.stats().buffersCreated;
    const b = gpu.alloc(1000);
    expect(gpu.stats().buffersCreated).toBe(createdBefore + 1);
    gpu.kernels.fill(b, 2);
    await gpu.flush();
    gpu.free(b);
    const reusedBefore = gpu.stats().buffersReused;
    gpu.alloc(1000);
    expect(gpu.stats().buffersReused).toBe(reusedBefore + 1);
  });

  it('rejects freed buffers', () => {
    const a = gpu.alloc(4), b = gpu.alloc(4);
    gpu.free(a);
    expect(() => gpu.kernels.binary('add', a, b, b, flat(4))).toThrow(/freed/);
    expect(() => gpu.write(a, [1])).toThrow(/freed/);
  });
});

describe('device loss and failures', () => {
  it('reports a destroyed device once, with the reason, and stops', async () => {
    const own = await createNodeDevice();
    const onDeviceLost = vi.fn();
    const backend = await createWebGpuBackend({ device: own, onDeviceLost });
    const x = backend.alloc(4);
    own.destroy();
    await own.lost;
    await vi.waitFor(() => expect(onDeviceLost).toHaveBeenCalledTimes(1));
    expect(onDeviceLost.mock.calls[0][0]).toMatch(/device lost \(destroyed\)/);
    expect(backend.lostReason).toMatch(/destroyed/);
    expect(() => backend.alloc(4)).toThrow(/webgpu backend stopped: device lost/);
    expect(() => backend.kernels.fill(x, 1)).toThrow(/stopped/);
    await expect(backend.readAsync(x)).rejects.toThrow(/stopped/);
  });

  it('reports a simulated device loss (driver reset) through onDeviceLost', async () => {
    let loseDevice: (info: { reason: string; message: string }) => void = () => {};
    const fakeDevice = {
      lost: new Promise((resolve) => { loseDevice = resolve; }),
      limits: { minUniformBufferOffsetAlignment: 256 },
      createBuffer: () => ({ destroy: () => {} }),
    } as unknown as GPUDevice;
    const onDeviceLost = vi.fn();
    const backend = await createWebGpuBackend({ device: fakeDevice, onDeviceLost });
    expect(backend.lostReason).toBeNull();
    loseDevice({ reason: 'unknown', message: 'the GPU process crashed' });
    await vi.waitFor(() => expect(onDeviceLost).toHaveBeenCalledWith('device lost (unknown): the GPU process crashed'));
    expect(() => backend.alloc(1)).toThrow(/the GPU process crashed/);
  });

  it('reports a pipeline whose shader does not compile', async () => {
    const onLost = vi.fn();
    const health = new GpuHealth(onLost);
    new PipelineCache(device, health).get('broken', () => '@compute @workgroup_size(1) fn main() { let x: f32 = 1u; }');
    await vi.waitFor(() => expect(health.reason).toMatch(/pipeline broken failed to build/));
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(() => health.check()).toThrow(/stopped/);
  });
});
