// Creates the engine's backend inside the worker through the engine's selector (backends/select.ts: a hardware
// WebGPU adapter → wasm SIMD, threaded when the page is cross-origin isolated → js) and turns its answer into the
// report the reader sees: what runs, why, and what else this browser could run.
import { selectBackend, type BackendAvailability } from '../engine/backends/select';
import { probeWebGpu } from '../engine/backends/webgpu/probe';
import type { ChooseBackend } from './engineHost';
import type { BackendOption, BackendReport } from './protocol';

let webgpuProbe: { ok: boolean; reason: string } | null = null;

function describe(name: string, backend: { description?: string }, reason: string): string {
  if (name === 'wasm' && backend.description) return backend.description;
  if (name === 'webgpu') return reason.replace(/^WebGPU adapter: /, 'WebGPU on ');
  return 'plain JavaScript';
}

/** Why this backend runs, in the reader's words (the selector's own reason says what runs). */
function why(choice: string, name: string, selectorReason: string, available: BackendAvailability): string {
  const threads = name === 'wasm' && !available.threads ? `; it runs on one thread because ${available.threadsReason}` : '';
  if (choice !== 'auto') return choice === name ? `you chose it${threads}` : `${choice} could not run here (${selectorReason})`;
  if (name === 'webgpu') return 'a graphics card is available, and it is the fastest here';
  const gpu = available.webgpu;
  const noGpu = !gpu ? 'WebGPU was not checked' : gpu.ok ? 'the only WebGPU adapter here is a software one, slower than WebAssembly' : `there is no usable WebGPU here (${gpu.reason})`;
  return name === 'wasm' ? `${noGpu}, and WebAssembly SIMD is the next fastest${threads}` : `${noGpu}, and ${selectorReason}`;
}

function optionsFrom(available: BackendAvailability): BackendOption[] {
  const gpu = available.webgpu ?? webgpuProbe;
  const threads = available.threads ? `threads available (${available.cores} cores)` : `no threads: ${available.threadsReason}`;
  return [
    { name: 'webgpu', isAvailable: gpu?.ok ?? false, detail: gpu?.reason ?? 'not checked' },
    {
      name: 'wasm',
      isAvailable: available.wasmSimd,
      detail: available.wasmSimd ? `SIMD${available.relaxedSimd ? ' with fused multiply-add' : ''}; ${threads}` : 'this browser has no WebAssembly SIMD',
    },
    { name: 'js', isAvailable: true, detail: 'plain loops: the reference every other backend is tested against' },
  ];
}

export const chooseBackend: ChooseBackend = async (choice, progress, onLost) => {
  progress('Checking which backends this browser can run…');
  if (!webgpuProbe && choice !== 'auto' && choice !== 'webgpu') webgpuProbe = await probeWebGpu();
  const selection = await selectBackend(choice, { onDeviceLost: onLost });
  if (selection.available.webgpu) webgpuProbe = selection.available.webgpu;
  const { backend, reason, available } = selection;
  const report: BackendReport = {
    name: backend.name,
    description: describe(backend.name, backend as { description?: string }, reason),
    reason: why(choice, backend.name, reason, available),
    options: optionsFrom(available),
  };
  return { backend, report };
};
