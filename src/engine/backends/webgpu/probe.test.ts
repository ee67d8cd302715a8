// Feature detection, by simulation (fake GPU objects) for each way WebGPU can be missing, and for real on Node.
import { describe, expect, it } from 'vitest';
import { probeWebGpu } from './probe';
import { nodeGpu } from './testing/nodeGpu';

const fakeAdapter = (info: Partial<GPUAdapterInfo>, requestDevice: () => Promise<unknown>) => ({
  info, limits: { maxStorageBufferBindingSize: 1 << 27, maxBufferSize: 1 << 28 }, requestDevice,
});
const fakeGpu = (requestAdapter: () => Promise<unknown>) => ({ requestAdapter }) as unknown as GPU;

describe('probeWebGpu', () => {
  it('no navigator.gpu', async () => {
    expect(await probeWebGpu(undefined)).toEqual({ ok: false, reason: 'WebGPU is not available here (no navigator.gpu)' });
  });

  it('no adapter', async () => {
    const probe = await probeWebGpu(fakeGpu(async () => null));
    expect(probe.ok).toBe(false);
    expect(probe.reason).toMatch(/no adapter/);
  });

  it('requestAdapter throws', async () => {
    const probe = await probeWebGpu(fakeGpu(async () => { throw new Error('blocklisted driver'); }));
    expect(probe).toEqual({ ok: false, reason: 'WebGPU requestAdapter failed: blocklisted driver' });
  });

  it('requestDevice fails', async () => {
    const adapter = fakeAdapter({ vendor: 'nvidia' }, async () => { throw new Error('limits exceed'); });
    const probe = await probeWebGpu(fakeGpu(async () => adapter));
    expect(probe).toEqual({ ok: false, reason: 'WebGPU requestDevice failed: limits exceed' });
  });

  it('a hardware adapter, and its device destroyed after probing', async () => {
    let destroyed = false;
    const adapter = fakeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100' },
      async () => ({ destroy: () => { destroyed = true; } }));
    const probe = await probeWebGpu(fakeGpu(async () => adapter));
    expect(probe.ok).toBe(true);
    expect(probe.reason).toBe('WebGPU adapter: NVIDIA H100');
    expect(probe.adapterInfo?.isSoftware).toBe(false);
    expect(destroyed).toBe(true);
  });

  it('softwareWithoutDevice: a software adapter is answered without a device, a hardware one still makes one', async () => {
    let devices = 0;
    const requestDevice = async () => { devices++; return { destroy: () => {} }; };
    const software = fakeAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' }, requestDevice);
    const probe = await probeWebGpu(fakeGpu(async () => software), { softwareWithoutDevice: true });
    expect(probe).toMatchObject({ ok: true, reason: 'WebGPU adapter: google swiftshader (software)' });
    expect(devices).toBe(0);
    const hardware = fakeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100' }, requestDevice);
    expect((await probeWebGpu(fakeGpu(async () => hardware), { softwareWithoutDevice: true })).ok).toBe(true);
    expect(devices).toBe(1);
    // Without the option the software adapter's device is made (and its failure reported).
    await probeWebGpu(fakeGpu(async () => software));
    expect(devices).toBe(2);
  });

  it('Node with SwiftShader: works, and says it is software', async () => {
    const probe = await probeWebGpu(await nodeGpu());
    expect(probe.ok).toBe(true);
    expect(probe.adapterInfo?.architecture).toBe('swiftshader');
    expect(probe.adapterInfo?.isSoftware).toBe(true);
    expect(probe.reason).toMatch(/\(software\)/);
  });
});
