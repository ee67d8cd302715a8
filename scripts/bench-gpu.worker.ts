// The GPU bench's worker: the engine runs in a Web Worker in the app, and wasm threads need a thread that may
// block (Atomics.wait), so the workload runs here. Posts {line} for each result, then {done} or {error}.
import { requestWebGpuDevice } from '../src/engine/backends/webgpu/probe';
import { createWasmBackend } from '../src/engine/backends/wasm/wasmBackend';
import { runGpuBench } from './bench-gpu.workload';

const log = (line: string) => postMessage({ line });

async function main(options: { quick: boolean; wasm: boolean }): Promise<void> {
  const { device, adapter } = await requestWebGpuDevice();
  log(`adapter: ${adapter.description || '(no description)'} · vendor ${adapter.vendor} · architecture ${adapter.architecture}` +
    `${adapter.isSoftware ? ' · SOFTWARE (numbers are for a smoke test only)' : ''}`);
  log(`userAgent: ${navigator.userAgent} · crossOriginIsolated ${String(globalThis.crossOriginIsolated)}`);
  await runGpuBench({ quick: options.quick, device, log, createWasm: options.wasm ? () => createWasmBackend() : null });
}

onmessage = (event: MessageEvent<{ quick: boolean; wasm: boolean }>) => {
  main(event.data).then(
    () => postMessage({ done: true }),
    (error: unknown) => postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
};
