// Timing hooks for the bench (scripts/bench.ts): raw GEMM throughput through the public Kernels interface on
// preallocated buffers (no allocation, no copies per call), and the SIMD ceiling it is compared with.
import type { Backend, MatmulParams } from '../backend';

export interface GemmShape {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  batch?: number;
}

/**
 * Best-of-`rounds` GFLOP/s of backend.kernels.matmul on one shape. Buffers are allocated once and reused, each
 * round repeats the call for at least `minMs`. Works for any backend; webgpu's flush() is awaited per round.
 */
export async function timeGemm(backend: Backend, shape: GemmShape, { rounds = 5, minMs = 50 } = {}): Promise<number> {
  const { M, N, K, transA = false, transB = false, batch = 1 } = shape;
  const p: MatmulParams = { batch, M, N, K, transA, transB, aBatchStride: M * K, bBatchStride: K * N, beta: 0 };
  const a = backend.alloc(batch * M * K), b = backend.alloc(batch * K * N), c = backend.alloc(batch * M * N);
  backend.write(a, Array.from({ length: batch * M * K }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5));
  backend.write(b, Array.from({ length: batch * K * N }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5));
  try {
    // The wasm backend keeps the packing of a B that products read unchanged (wasmPackCache.ts). Rewriting one float
    // of B before each product times the GEMM as training runs it, packing included.
    const product = backend.name === 'wasm'
      ? () => { backend.write(b, [0.5], 0); backend.kernels.matmul(a, b, c, p); }
      : () => backend.kernels.matmul(a, b, c, p);
    const flops = 2 * batch * M * N * K;
    let reps = 1;
    for (let warm = performance.now(); performance.now() - warm < minMs;) {
      product(); // warm-up: lets the engine tier the kernels up and sizes `reps`
      reps++;
    }
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      for (let i = 0; i < reps; i++) product();
      await backend.flush();
      best = Math.min(best, (performance.now() - start) / reps);
    }
    return flops / (best / 1000) / 1e9;
  } finally {
    backend.free(a);
    backend.free(b);
    backend.free(c);
  }
}
