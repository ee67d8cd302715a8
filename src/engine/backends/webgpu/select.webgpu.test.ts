// selectBackend with WebGPU present or not (backends/select.ts): no navigator.gpu gives wasm with the reason when
// webgpu was asked for; Node's SwiftShader adapter is passed over by 'auto' (software is slower than wasm) and
// taken when webgpu is named.
import { afterEach, describe, expect, it } from 'vitest';
import { selectBackend, type BackendSelection } from '../select';
import { nodeGpu } from './testing/nodeGpu';

let made: BackendSelection | null = null;
afterEach(() => {
  made?.backend.dispose();
  made = null;
  delete (globalThis as { navigator?: unknown }).navigator;
});

async function withNavigatorGpu(): Promise<void> {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: await nodeGpu() }, configurable: true, writable: true });
}

describe('selectBackend and webgpu', () => {
  it('without navigator.gpu, webgpu asked for by name falls back to wasm and says why', async () => {
    made = await selectBackend('webgpu', { threads: 1 });
    expect(made.backend.name).toBe('wasm');
    expect(made.reason).toMatch(/^webgpu: WebGPU is not available here \(no navigator.gpu\); wasm SIMD/);
    expect(made.available.webgpu).toEqual({ ok: false, reason: 'WebGPU is not available here (no navigator.gpu)' });
  });

  it("'auto' passes over a software adapter", async () => {
    await withNavigatorGpu();
    made = await selectBackend('auto', { threads: 1 });
    expect(made.backend.name).toBe('wasm');
    expect(made.available.webgpu?.ok).toBe(true);
    expect(made.available.webgpu?.reason).toMatch(/\(software\)$/);
  });

  it('webgpu by name runs on it', async () => {
    await withNavigatorGpu();
    made = await selectBackend('webgpu');
    expect(made.backend.name).toBe('webgpu');
    expect(made.reason).toMatch(/^WebGPU adapter: .*\(software\)$/);
  });
});
