// The wasm module's exports as TypeScript sees them (assembly/index.ts is the source of truth; the conformance
// suite catches any drift). Pointers are byte offsets into linear memory; booleans travel as 0/1.

type Ptr = number;

export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): Ptr;
  gemmScratchBytes(): number;
  simdPeak(iterations: number): number;
  fmaPeak(iterations: number): number;
  tilePeak(iterations: number, scratch: Ptr): number;
  fill(out: Ptr, n: number, value: number, part: number, parts: number): void;
  unary(op: number, x: Ptr, out: Ptr, n: number, part: number, parts: number): void;
  scalar(op: number, x: Ptr, s: number, out: Ptr, n: number, part: number, parts: number): void;
  binary(op: number, a: Ptr, b: Ptr, out: Ptr, n: number, part: number, parts: number): void;
  broadcastBinary(op: number, a: Ptr, b: Ptr, out: Ptr, plan: Ptr, part: number, parts: number): void;
  copyStrided(x: Ptr, out: Ptr, srcOffset: number, dstOffset: number, plan: Ptr, part: number, parts: number): void;
  matmul(a: Ptr, b: Ptr, c: Ptr, batch: number, M: number, N: number, K: number, transA: number, transB: number,
    heads: number, lda: number, aOuter: number, aHead: number, ldb: number, bOuter: number, bHead: number,
    ldc: number, cOuter: number, cHead: number, beta: number, eDelta: number, scratch: Ptr, counter: Ptr, part: number,
    parts: number): void;
  packedBFloats(N: number, K: number): number;
  packBWhole(b: Ptr, transB: number, N: number, K: number, packed: Ptr, part: number, parts: number): void;
  matmulPrepacked(a: Ptr, packed: Ptr, c: Ptr, M: number, N: number, K: number, transA: number, beta: number,
    eDelta: number, scratch: Ptr, counter: Ptr, part: number, parts: number): void;
  softmax(x: Ptr, out: Ptr, rows: number, n: number, part: number, parts: number): void;
  softmaxBackward(y: Ptr, dy: Ptr, dx: Ptr, rows: number, n: number, part: number, parts: number): void;
  logSoftmax(x: Ptr, out: Ptr, rows: number, n: number, part: number, parts: number): void;
  crossEntropy(logits: Ptr, targets: Ptr, losses: Ptr, rows: number, V: number, part: number, parts: number): void;
  crossEntropyBackward(logits: Ptr, targets: Ptr, dlogits: Ptr, rows: number, V: number, scale: number,
    part: number, parts: number): void;
  layerNorm(x: Ptr, w: Ptr, b: Ptr, out: Ptr, mean: Ptr, rstd: Ptr, rows: number, n: number, eps: number,
    part: number, parts: number): void;
  addLayerNorm(x: Ptr, y: Ptr, w: Ptr, b: Ptr, sum: Ptr, out: Ptr, mean: Ptr, rstd: Ptr, rows: number, n: number,
    eps: number, part: number, parts: number): void;
  layerNormBackward(dy: Ptr, x: Ptr, w: Ptr, mean: Ptr, rstd: Ptr, dx: Ptr, dw: Ptr, db: Ptr, residual: Ptr, rows: number,
    n: number, part: number, parts: number): void;
  reduce(op: number, x: Ptr, out: Ptr, outer: number, n: number, inner: number, part: number, parts: number): void;
  gather(table: Ptr, ids: Ptr, out: Ptr, rows: number, dim: number, vocab: number): void;
  scatterAdd(src: Ptr, ids: Ptr, table: Ptr, rows: number, dim: number, vocab: number, part: number, parts: number): void;
  adamw(param: Ptr, grad: Ptr, m: Ptr, v: Ptr, n: number, lr: number, beta1: number, beta2: number, eps: number,
    decay: number, bc1: number, bc2: number, gradScale: number, part: number, parts: number): void;
  sumSquares(x: Ptr, n: number, out: Ptr): void;
  attentionSoftmax(x: Ptr, out: Ptr, rows: number, T: number, n: number, scale: number, causal: number, part: number,
    parts: number): void;
  attentionSoftmaxBackward(y: Ptr, dy: Ptr, dx: Ptr, rows: number, n: number, scale: number, part: number, parts: number): void;
  biasGelu(x: Ptr, b: Ptr, out: Ptr, grad: Ptr, rows: number, n: number, variant: number, part: number, parts: number): void;
}

/** Kernels a thread pool can split: each takes (part, parts) after its own arguments. */
export const threadedKernels = [
  'fill', 'unary', 'scalar', 'binary', 'broadcastBinary', 'copyStrided', 'matmul', 'packBWhole', 'matmulPrepacked',
  'softmax', 'softmaxBackward',
  'logSoftmax', 'crossEntropy', 'crossEntropyBackward', 'layerNorm', 'addLayerNorm', 'layerNormBackward', 'reduce', 'scatterAdd', 'adamw',
  'biasGelu', 'attentionSoftmax', 'attentionSoftmaxBackward',
] as const;
export type ThreadedKernel = (typeof threadedKernels)[number];
