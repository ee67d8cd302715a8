// Picks and creates the engine's backend inside the worker and explains the choice to the reader. Order for
// 'auto' (ARCHITECTURE.md): a hardware WebGPU adapter → wasm SIMD (threads when the page is cross-origin
// isolated) → js. A software WebGPU adapter (SwiftShader) is correct but slower than wasm, so auto skips it.
// Until the engine's own selector (backends/select.ts) lands, this file is where the choice is made.
import { createJsBackend, type Backend, type BackendName } from '../engine';
import { createWasmBackend } from '../engine/backends/wasm/wasmBackend';
import { createWebGpuBackend } from '../engine/backends/webgpu/webgpuBackend';
import { probeWebGpu } from '../engine/backends/webgpu/probe';
import type { ChooseBackend } from './engineHost';
import type { BackendOption, BackendReport } from './protocol';

export const chooseBackend: ChooseBackend = async (choice, progress) => {
  progress('Checking which engines this browser can run…');
  const gpu = await probeWebGpu();
  const options: BackendOption[] = [
    { name: 'webgpu', isAvailable: gpu.ok, detail: gpu.reason },
    { name: 'wasm', isAvailable: typeof WebAssembly === 'object', detail: 'WebAssembly SIMD kernels' },
    { name: 'js', isAvailable: true, detail: 'plain JavaScript loops (the reference every other backend matches)' },
  ];
  const hardwareGpu = gpu.ok && !gpu.adapterInfo?.isSoftware;
  const order: BackendName[] = choice !== 'auto' ? [choice, 'wasm', 'js'] : hardwareGpu ? ['webgpu', 'wasm', 'js'] : ['wasm', 'js'];
  const failures: string[] = [];
  for (const name of [...new Set(order)]) {
    try {
      progress(`Starting the ${name} engine…`);
      const { backend, description, note } = await create(name);
      const why = choice === 'auto'
        ? name === 'webgpu' ? 'the GPU is the fastest here' : gpu.ok ? `the only WebGPU adapter is a software one; ${name} is faster` : `${gpu.reason}`
        : 'you chose it';
      const reason = [why, ...failures, note].filter(Boolean).join('; ');
      const report: BackendReport = { name, description, reason, options };
      return { backend, report };
    } catch (error) {
      failures.push(`${name} could not start (${(error as Error).message})`);
      const option = options.find((o) => o.name === name);
      if (option) Object.assign(option, { isAvailable: false, detail: (error as Error).message });
    }
  }
  throw new Error(`no backend could start: ${failures.join('; ')}`);
};

async function create(name: BackendName): Promise<{ backend: Backend; description: string; note: string }> {
  switch (name) {
    case 'webgpu': {
      const backend = await createWebGpuBackend();
      const adapter = backend.adapter;
      return { backend, description: `WebGPU${adapter?.description ? ` on ${adapter.description}` : ''}`, note: '' };
    }
    case 'wasm': {
      const backend = await createWasmBackend();
      const note = backend.threadsUnavailable ? `no threads: ${backend.threadsUnavailable}` : '';
      return { backend, description: backend.description, note };
    }
    case 'js':
      return { backend: createJsBackend('float32'), description: 'plain JavaScript', note: '' };
  }
}
