// The wasm backend's public surface (see README.md here).
export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './wasmBackend';
export { hasWasmSimd, hasRelaxedSimd, detectThreads, enableNodeRelaxedSimd, type ThreadSupport } from './wasmFeatures';
export { timeGemm, type GemmShape } from './benchHooks';
