// The shared conformance suite: every kernel of the Kernels contract (backends/backend.ts) on a backend, against the
// js spec of the same precision, on the same inputs. A backend's test file calls describeKernelConformance once per
// configuration (precision, threads). Every read goes through readAsync, so webgpu runs the same suite.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Backend } from '../backend';
import { createJsBackend } from '../js/jsBackend';
import { ConformancePair, type ConformanceTolerance } from './harness';
import { binaryCases, binaryOps, fillCases, reduceCases, reduceOps, scalarCases, scalarOps, unaryCases, unaryOps } from './elementwiseCases';
import { copyCases, gatherOutOfRange, gatherScatterCases, matmulCases, matmulHeadStridedCases, matmulScaledCases, matmulSpecialCases } from './matmulCases';
import { adamwCases, attentionSoftmaxCases, biasGeluCases, crossEntropyCases, crossEntropyOutOfRange, layerNormCases, residualLayerNormCases, softmaxCases, sumSquaresCases } from './fusedCases';

export type { ConformanceTolerance } from './harness';

/**
 * Registers the suite for one backend. Example:
 *   describeKernelConformance('wasm 1 thread', () => createWasmBackend({ threads: 1 }), { rtol: 2e-6, atol: 1e-30 });
 */
export function describeKernelConformance(name: string, makeBackend: () => Promise<Backend>, tolerance: ConformanceTolerance): void {
  describe(`kernel conformance: ${name}`, () => {
    let pair: ConformancePair;
    beforeAll(async () => {
      const backend = await makeBackend();
      pair = new ConformancePair(backend, createJsBackend(backend.precision), tolerance);
    });
    afterAll(() => pair?.test.dispose());

    it('fill', () => pair.checkAll(fillCases()));
    for (const op of unaryOps) it(`unary ${op}`, () => pair.checkAll(unaryCases(op)));
    for (const op of scalarOps) it(`scalar ${op}`, () => pair.checkAll(scalarCases(op)));
    for (const op of binaryOps) it(`binary ${op}, contiguous and broadcast (rank 1–6)`, () => pair.checkAll(binaryCases(op)));
    for (const op of reduceOps) it(`reduce ${op}`, () => pair.checkAll(reduceCases(op)));
    it('matmul: NN, NT, TN, TT, batches, shared operands, beta 0 and 1, odd sizes', () => pair.checkAll(matmulCases()));
    it('matmul with NaN and ±Infinity operands', () => pair.checkAll(matmulSpecialCases()));
    it('matmul over head-strided operands (attention without split/merge copies)', () => pair.checkAll(matmulHeadStridedCases()));
    it('matmul with the scaleBy epilogue (out = product ⊙ multipliers)', () => pair.checkAll(matmulScaledCases()));
    it('copyStrided of rank 1–6', () => pair.checkAll(copyCases()));
    it('gather and scatterAdd with repeated ids', () => pair.checkAll(gatherScatterCases()));
    it('gather rejects ids outside the table', async () => {
      for (const id of [4, -1, 100]) await pair.checkRejected(gatherOutOfRange(id));
    });
    it('softmax, softmaxBackward, logSoftmax (huge, masked, NaN and +Infinity rows)', () => pair.checkAll(softmaxCases()));
    it('layerNorm and layerNormBackward', () => pair.checkAll(layerNormCases()));
    it('addLayerNorm, and layerNormBackward adding a residual gradient', () => pair.checkAll(residualLayerNormCases()));
    it('crossEntropy and crossEntropyBackward (ignored rows, edge rows)', () => pair.checkAll(crossEntropyCases()));
    it('crossEntropy rejects targets outside the classes', async () => {
      for (const t of [5, 9]) await pair.checkRejected(crossEntropyOutOfRange(t));
    });
    it('attentionSoftmax and its backward (causal or not, cached past, edge rows)', () => pair.checkAll(attentionSoftmaxCases()));
    it('biasGelu (both variants, with and without bias and slope)', () => pair.checkAll(biasGeluCases()));
    it('adamw', () => pair.checkAll(adamwCases()));
    it('sumSquares', () => pair.checkAll(sumSquaresCases()));
  });
}
