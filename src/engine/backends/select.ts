// Backend selection by feature detection (ARCHITECTURE.md §1): webgpu when an adapter exists, else wasm SIMD (with
// threads when the page is cross-origin isolated), else js. The choice comes with a reason in words and with what
// was available, so the UI can show both and let the reader switch.
import type { Backend } from './backend';
import { markSpan } from '../perfMark';
import { createJsBackend } from './js/jsBackend';
import { createWasmBackend } from './wasm/wasmBackend';
import { detectThreads, hasRelaxedSimd, hasWasmSimd } from './wasm/wasmFeatures';
import { probeWebGpu } from './webgpu/probe';
import { createWebGpuBackend } from './webgpu/webgpuBackend';

export type BackendPreference = 'auto' | 'js' | 'wasm' | 'webgpu';

export interface BackendAvailability {
  /** WebAssembly with 128-bit SIMD validates. */
  wasmSimd: boolean;
  /** Relaxed SIMD (fused multiply-add) validates as things stand (Node 20 needs a flag the wasm backend sets). */
  relaxedSimd: boolean;
  /** Worker threads on shared memory can run; threadsReason says why not. */
  threads: boolean;
  threadsReason: string;
  /** Logical cores the platform reports. */
  cores: number;
  /** null where it does not apply (Node). */
  crossOriginIsolated: boolean | null;
  /** The WebGPU probe's answer; null where it was not probed. */
  webgpu: { ok: boolean; reason: string } | null;
}

export interface BackendSelection {
  backend: Backend;
  /** What runs and why, e.g. "wasm SIMD with 2 threads" or "js: this browser has no WebAssembly SIMD". */
  reason: string;
  available: BackendAvailability;
}

export interface SelectOptions {
  /** Threads for the wasm backend (including the calling one); default: the cores, at most 4. */
  threads?: number;
  /** Called if a chosen webgpu backend stops (device lost...); move on with backends/migrate.ts. */
  onDeviceLost?: (reason: string) => void;
}

async function detect(): Promise<BackendAvailability> {
  const simd = hasWasmSimd();
  const threads = await detectThreads();
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return {
    wasmSimd: simd,
    relaxedSimd: simd && hasRelaxedSimd(),
    threads: threads.ok,
    threadsReason: threads.reason,
    cores: threads.cores,
    crossOriginIsolated: typeof isolated === 'boolean' ? isolated : null,
    webgpu: null,
  };
}

/** A promise that never rejects (so a backend started early and not awaited yet raises no unhandled rejection). */
function settle<B>(promise: Promise<B>): Promise<{ backend: B; error?: undefined } | { backend?: undefined; error: unknown }> {
  return promise.then((backend) => ({ backend }), (error: unknown) => ({ error }));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Picks and creates a backend. `preference` 'auto' takes the fastest that works here; naming a backend takes it
 * when it can run and otherwise falls back the same way, saying why. Example:
 *   const { backend, reason } = await selectBackend(); setBackend(backend); console.log(reason);
 */
export async function selectBackend(preference: BackendPreference = 'auto', options: SelectOptions = {}): Promise<BackendSelection> {
  const available = await detect();
  const notes: string[] = [];
  // On 'auto' the wasm backend starts while WebGPU is probed (the probe waits on the GPU process, wasm on its download,
  // compile and threads), so a machine without a hardware adapter does not pay for both one after the other.
  const wasmEarly = preference === 'auto' && available.wasmSimd ? settle(markSpan('wasm backend', createWasmBackend({ threads: options.threads }))) : null;

  if (preference === 'auto' || preference === 'webgpu') {
    const probe = await markSpan('webgpu probe', probeWebGpu(undefined, { softwareWithoutDevice: preference === 'auto' }));
    available.webgpu = { ok: probe.ok, reason: probe.reason };
    // A software adapter (SwiftShader) is slower than wasm: 'auto' passes it over; asked for by name, it runs.
    if (probe.ok && (preference === 'webgpu' || !probe.adapterInfo?.isSoftware)) {
      try {
        const backend = await createWebGpuBackend({ onDeviceLost: options.onDeviceLost });
        void wasmEarly?.then((r) => r.backend?.dispose());
        return { backend, reason: probe.reason, available };
      } catch (error) {
        notes.push(`webgpu failed to start (${error instanceof Error ? error.message : String(error)})`);
      }
    } else if (preference === 'webgpu') notes.push(`webgpu: ${probe.reason}`);
  }

  if (preference === 'js') {
    return { backend: createJsBackend('float32'), reason: 'js, as asked', available };
  }
  if (!available.wasmSimd) {
    const why = 'this browser has no WebAssembly SIMD';
    return { backend: createJsBackend('float32'), reason: `js: ${[...notes, why].join('; ')}`, available };
  }
  const started = await (wasmEarly ?? settle(createWasmBackend({ threads: options.threads })));
  try {
    if (!started.backend) throw started.error;
    const wasm = started.backend;
    const kind = `wasm SIMD${wasm.relaxedSimd ? ' (relaxed FMA)' : ''}`;
    const threads = wasm.threads > 1 ? ` with ${plural(wasm.threads, 'thread')}`
      : `, 1 thread${wasm.threadsUnavailable ? `: ${wasm.threadsUnavailable}` : ''}`;
    return { backend: wasm, reason: [...notes, `${kind}${threads}`].join('; '), available };
  } catch (error) {
    const why = `the wasm backend failed to start (${error instanceof Error ? error.message : String(error)})`;
    return { backend: createJsBackend('float32'), reason: `js: ${[...notes, why].join('; ')}`, available };
  }
}
