// The wasm module's exports: every kernel of backends/backend.ts over raw byte pointers into linear memory, plus
// what the loader and the bench need. Kernels that threads share end in (part, parts): each call does its share.
export { fill, unary, scalar, binary } from './elementwise';
export { broadcastBinary, copyStrided } from './broadcast';
export { matmul, packBWhole, matmulPrepacked } from './matmul';
export { softmax, softmaxBackward, logSoftmax, crossEntropy, crossEntropyBackward } from './rows';
export { layerNorm, addLayerNorm, layerNormBackward } from './layerNorm';
export { reduce, gather, scatterAdd, adamw, sumSquares } from './misc';
export { biasGelu } from './activation';
export { attentionSoftmax, attentionSoftmaxBackward } from './attention';
export { simdPeak, fmaPeak, tilePeak } from './peak';
import { GEMM_SCRATCH_BYTES } from './gemm';

/** First byte after the module's static data: the loader's allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Floats a whole-B packing (packBWhole) takes. */
export { packedBFloats } from './gemm';

/** Packing scratch one GEMM thread needs, in bytes. */
export function gemmScratchBytes(): i32 {
  return GEMM_SCRATCH_BYTES;
}
