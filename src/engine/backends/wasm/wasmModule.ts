// Finds and compiles the kernel builds (TOOLCHAIN.md §3): in Node (vitest, tsx scripts) from src/wasm/ on disk, in
// the browser from the URL Vite gives the asset. Four builds come out of one source (asconfig.json): plain SIMD or
// relaxed SIMD (FMA in the GEMM), each single-threaded (own memory) or threaded (imported shared memory).
import { markSpan } from '../../perfMark';
import { isNode } from './wasmFeatures';

export type WasmBuild = 'simd' | 'relaxed' | 'threads' | 'threads-relaxed';

/**
 * The URL of each build in the browser. Each `new URL(literal, import.meta.url)` is only a string (Vite emits the file
 * and rewrites the URL; in Node it is a file URL nobody fetches), so the wasm fetch starts as soon as a build is
 * chosen. A dynamic `import('…wasm?url')` per build cost a round trip for a tiny chunk first (60–460 ms measured on
 * the 2-core machine under load).
 */
function browserUrl(build: WasmBuild): string {
  switch (build) {
    case 'simd': return new URL('../../../wasm/kernels-simd.wasm', import.meta.url).href;
    case 'relaxed': return new URL('../../../wasm/kernels-relaxed.wasm', import.meta.url).href;
    case 'threads': return new URL('../../../wasm/kernels-threads.wasm', import.meta.url).href;
    case 'threads-relaxed': return new URL('../../../wasm/kernels-threads-relaxed.wasm', import.meta.url).href;
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
  // Streaming compile overlaps compiling with the download (the host must send application/wasm, as vite preview and
  // any static host configured for the book do); a wrong MIME type falls back to compiling the downloaded bytes.
  const response = fetch(browserUrl(build)).then((r) => {
    if (!r.ok) throw new Error(`wasm backend: fetching kernels-${build}.wasm gave HTTP ${r.status}`);
    return r;
  });
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response.then((r) => r.clone()));
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return WebAssembly.compile(await (await response).arrayBuffer());
}

const compiled = new Map<WasmBuild, Promise<WebAssembly.Module>>();

/** The compiled module of a build, compiled once per process. */
export function loadBuild(build: WasmBuild): Promise<WebAssembly.Module> {
  let module = compiled.get(build);
  if (!module) {
    module = markSpan(`wasm compile ${build}`, compile(build));
    module.catch(() => compiled.delete(build));
    compiled.set(build, module);
  }
  return module;
}
