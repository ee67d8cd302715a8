// The wasm backend against the js spec (float32) in each build it can run: plain SIMD and relaxed SIMD (FMA GEMM)
// on one thread, two threads with the normal split thresholds, and three threads splitting every call, however
// small, so each kernel's division of rows, columns and tiles among threads is checked too.
import { createWasmBackend } from '../wasm/wasmBackend';
import { describeKernelConformance } from './kernelConformance';

// f32 arithmetic against double-computed, f32-rounded results: a few ulp (2^-23 ≈ 1.2e-7) of relative error.
const tolerance = { rtol: 2e-6, atol: 1e-30 };

describeKernelConformance('wasm SIMD, 1 thread', () => createWasmBackend({ threads: 1, relaxedSimd: false }), tolerance);
describeKernelConformance('wasm relaxed SIMD, 1 thread', () => createWasmBackend({ threads: 1, relaxedSimd: true }), tolerance);
describeKernelConformance('wasm, 2 threads', () => createWasmBackend({ threads: 2 }), tolerance);
describeKernelConformance('wasm, 3 threads splitting every call',
  () => createWasmBackend({ threads: 3, relaxedSimd: false, threadMinWork: 0 }), tolerance);
