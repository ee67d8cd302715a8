// Batched GEMM for the js backend. Loop orders keep the innermost loop walking contiguous memory in every
// transpose case (i-k-j for NN and TN, dot products for NT), which is what makes plain JS reach ~1 GFLOP/s.
import type { FloatArray, MatmulParams } from '../backend';

export function matmulJs(A: FloatArray, B: FloatArray, C: FloatArray, p: MatmulParams): void {
  const { batch, M, N, K, transA, transB, aBatchStride, bBatchStride, beta } = p;
  for (let b = 0; b < batch; b++) {
    const a0 = b * aBatchStride, b0 = b * bBatchStride, c0 = b * M * N;
    if (beta === 0) C.fill(0, c0, c0 + M * N);
    if (!transB) {
      // C[i, :] += A[i, k] · B[k, :]; A[i, k] is A[a0 + i·K + k], or transposed A[a0 + k·M + i]
      for (let i = 0; i < M; i++) {
        const ci = c0 + i * N;
        for (let k = 0; k < K; k++) {
          const a = transA ? A[a0 + k * M + i] : A[a0 + i * K + k];
          const bk = b0 + k * N;
          for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
        }
      }
    } else if (!transA) {
      // C[i, j] += Σ_k A[i, k] · B[j, k]: two contiguous rows
      for (let i = 0; i < M; i++) {
        const ai = a0 + i * K, ci = c0 + i * N;
        for (let j = 0; j < N; j++) {
          const bj = b0 + j * K;
          let s = 0;
          for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
          C[ci + j] += s;
        }
      }
    } else {
      for (let i = 0; i < M; i++) {
        const ci = c0 + i * N;
        for (let j = 0; j < N; j++) {
          const bj = b0 + j * K;
          let s = 0;
          for (let k = 0; k < K; k++) s += A[a0 + k * M + i] * B[bj + k];
          C[ci + j] += s;
        }
      }
    }
  }
}
