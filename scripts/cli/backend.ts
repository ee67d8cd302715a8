// Picks the backend for a CLI run: --backend auto (wasm SIMD when this Node has it, else js), wasm, or js.
import { createJsBackend, type Backend } from '../../src/engine';
import { createWasmBackend } from '../../src/engine/backends/wasm/wasmBackend';

export async function chooseBackend(name: string, threads: number): Promise<{ backend: Backend; reason: string }> {
  if (name === 'js') return { backend: createJsBackend('float32'), reason: 'js (plain typed-array loops)' };
  if (name !== 'auto' && name !== 'wasm') throw new Error(`unknown backend "${name}" (choose auto, wasm or js)`);
  try {
    const wasm = await createWasmBackend({ threads });
    return { backend: wasm, reason: wasm.description + (wasm.threadsUnavailable ? ` (${wasm.threadsUnavailable})` : '') };
  } catch (e) {
    if (name === 'wasm') throw e;
    return { backend: createJsBackend('float32'), reason: `js, because wasm is unavailable: ${(e as Error).message}` };
  }
}
