// Feature detection for the wasm backend: SIMD and relaxed SIMD by validating tiny hand-assembled modules (the
// wasm-feature-detect idea), threads by checking every piece they need (SharedArrayBuffer, cross-origin isolation,
// shared WebAssembly.Memory, workers, and a thread allowed to block in Atomics.wait).

export const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** A module with one function `() -> v128` whose body is `ops`. */
function moduleWith(ops: number[]): Uint8Array<ArrayBuffer> {
  const code = [0x00, ...ops, 0x0b]; // no locals, ops, end
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, code.length + 2, 0x01, code.length, ...code, // code section
  ]);
}

const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const simdProbe = moduleWith([...v128Zero, ...v128Zero, 0xfd, 0xe4, 0x01]); // f32x4.add
const relaxedProbe = moduleWith([...v128Zero, ...v128Zero, ...v128Zero, 0xfd, 0x85, 0x02]); // f32x4.relaxed_madd

export function hasWasmSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(simdProbe);
}

export function hasRelaxedSimd(): boolean {
  return hasWasmSimd() && WebAssembly.validate(relaxedProbe);
}

/**
 * Node 20 ships relaxed SIMD behind --experimental-wasm-relaxed-simd (on by default from Node 22, and in Chromium).
 * The flag is a V8 option that may be set at run time before compiling; returns whether relaxed SIMD now validates.
 */
export async function enableNodeRelaxedSimd(): Promise<boolean> {
  if (hasRelaxedSimd() || !isNode) return hasRelaxedSimd();
  try {
    const name = 'node:v8';
    const v8 = (await import(/* @vite-ignore */ name)) as { setFlagsFromString(flags: string): void };
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false; // a runtime that looks like Node but has no V8 flags: plain SIMD it is
  }
  return hasRelaxedSimd();
}

/** Whether this thread may block in Atomics.wait (not on a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ThreadSupport {
  ok: boolean;
  /** Why not, in words, when ok is false. */
  reason: string;
  /** Logical cores reported by the platform. */
  cores: number;
}

export async function detectThreads(): Promise<ThreadSupport> {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number }; Worker?: unknown };
  let cores = g.navigator?.hardwareConcurrency ?? 1;
  if (isNode) {
    const name = 'node:os';
    const os = (await import(/* @vite-ignore */ name)) as { availableParallelism?: () => number; cpus(): unknown[] };
    cores = os.availableParallelism?.() ?? os.cpus().length;
  }
  const no = (reason: string): ThreadSupport => ({ ok: false, reason, cores });
  if (typeof SharedArrayBuffer === 'undefined') {
    return no(isNode ? 'SharedArrayBuffer is missing' : 'the page is not cross-origin isolated (no SharedArrayBuffer)');
  }
  if (!isNode && g.crossOriginIsolated === false) return no('the page is not cross-origin isolated');
  if (!isNode && typeof g.Worker !== 'function') return no('Web Workers are not available here');
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return no('shared WebAssembly.Memory is not supported');
  }
  if (!canBlock()) return no('this thread may not block in Atomics.wait (run the engine in a worker)');
  return { ok: true, reason: '', cores };
}
