// Finds and compiles the kernel builds (TOOLCHAIN.md §3): in Node (vitest, tsx scripts) from src/wasm/ on disk, in
// the browser from the URL Vite gives the asset. Four builds come out of one source (asconfig.json): plain SIMD or
// relaxed SIMD (FMA in the GEMM), each single-threaded (own memory) or threaded (imported shared memory).
import { isNode } from './wasmFeatures';

export type WasmBuild = 'simd' | 'relaxed' | 'threads' | 'threads-relaxed';

async function browserUrl(build: WasmBuild): Promise<string> {
  // One literal import per build, so Vite emits each file and rewrites its URL.
  switch (build) {
    case 'simd': return (await import('../../../wasm/kernels-simd.wasm?url')).default;
    case 'relaxed': return (await import('../../../wasm/kernels-relaxed.wasm?url')).default;
    case 'threads': return (await import('../../../wasm/kernels-threads.wasm?url')).default;
    case 'threads-relaxed': return (await import('../../../wasm/kernels-threads-relaxed.wasm?url')).default;
  }
}

async function compile(build: WasmBuild): Promise<WebAssembly.Module> {
  if (isNode) {
    const here = import.meta.url; // in a variable, so Vite leaves new URL(…) alone
    const name = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ name)) as typeof import('node:fs/promises');
    const file = new URL(`../../../wasm/kernels-${build}.wasm`, here);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await fs.readFile(file);
    } catch {
      throw new Error(`wasm backend: ${file.pathname} is missing; run \`npm run gen\` (asc) first`);
    }
    return WebAssembly.compile(bytes);
  }
  const response = await fetch(await browserUrl(build));
  if (!response.ok) throw new Error(`wasm backend: fetching kernels-${build}.wasm gave HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

const compiled = new Map<WasmBuild, Promise<WebAssembly.Module>>();

/** The compiled module of a build, compiled once per process. */
export function loadBuild(build: WasmBuild): Promise<WebAssembly.Module> {
  let module = compiled.get(build);
  if (!module) {
    module = compile(build);
    module.catch(() => compiled.delete(build));
    compiled.set(build, module);
  }
  return module;
}
