// The op cases every op-level test walks: the finite-difference gradient checks on js float64 (ops/ops.test.ts)
// and the forward/backward comparison of other backends with js (e.g. wasm/wasm.ops.test.ts). One table, so a new
// op gets checked everywhere at once.
import * as ops from '../ops';
import { tensor, type Tensor } from '../tensor';

export type OpFn = (...xs: Tensor[]) => Tensor;

export interface OpCase {
  f: OpFn;
  shapes: number[][];
  /** Inputs kept positive (log, sqrt, division). */
  positive?: boolean;
}

/** The residual stream plus a function of its LayerNorm, the shape of a transformer block's second line. */
const residualBlock = ({ sum, normed }: { sum: Tensor; normed: Tensor }): Tensor => ops.add(sum, ops.tanh(normed));

const each = (fs: OpFn[], shapes: number[][], positive = false): OpCase[] => fs.map((f) => ({ f, shapes, positive }));

/** Groups of cases by kind of op; each group becomes one test. */
export const opCaseGroups: Record<string, () => OpCase[]> = {
  'unary ops': () => [
    ...each([ops.neg, ops.exp, ops.tanh, ops.gelu, ops.geluTanh, ops.square, ops.sin, ops.cos, ops.relu, ops.abs], [[3, 4]]),
    ...each([ops.log, ops.sqrt, ops.rsqrt, ops.reciprocal], [[3, 4]], true),
  ],
  'scalar ops': () => [
    { f: (x) => ops.addScalar(x, 2), shapes: [[5]] },
    { f: (x) => ops.mulScalar(x, -3), shapes: [[5]] },
    { f: (x) => ops.rsubScalar(x, 1), shapes: [[5]] },
    { f: (x) => ops.powScalar(x, 1.5), shapes: [[5]], positive: true },
    { f: (x) => ops.maxScalar(x, 0.1), shapes: [[7]] },
  ],
  'binary ops with broadcasting': () => [
    ...[ops.add, ops.sub, ops.mul, ops.maximum].flatMap((f) => [
      { f, shapes: [[2, 3, 4], [2, 3, 4]] },
      { f, shapes: [[2, 3, 4], [4]] },
      { f, shapes: [[2, 1, 4], [3, 1]] },
    ]),
    { f: ops.div, shapes: [[2, 3], [2, 3]], positive: true },
    { f: ops.div, shapes: [[2, 3], [3]], positive: true },
  ],
  reductions: () => [
    { f: (x) => ops.sum(x, 1), shapes: [[2, 3, 4]] },
    { f: (x) => ops.sum(x, -1, true), shapes: [[2, 3, 4]] },
    { f: (x) => ops.sum(x), shapes: [[2, 3]] },
    { f: (x) => ops.mean(x, 0), shapes: [[3, 5]] },
    { f: (x) => ops.max(x, 1), shapes: [[3, 5]] },
  ],
  movement: () => [
    { f: (x) => ops.reshape(x, [4, 6]), shapes: [[2, 3, 4]] },
    { f: (x) => ops.permute(x, [2, 0, 1]), shapes: [[2, 3, 4]] },
    { f: (x) => ops.transpose(x), shapes: [[2, 3, 4]] },
    { f: (x) => ops.expand(x, [2, 3, 4]), shapes: [[3, 1]] },
    { f: (x) => ops.slice(x, 1, 1, 3), shapes: [[2, 4, 3]] },
    { f: (a, b) => ops.concat([a, b], 1), shapes: [[2, 2, 3], [2, 1, 3]] },
    { f: (x) => ops.split(x, [1, 2], 0)[1], shapes: [[3, 2]] },
  ],
  'matmul with every transpose, batches and a shared B': () => [
    ...[false, true].flatMap((transA) => [false, true].map((transB) => ({
      f: ((x, y) => ops.matmul(x, y, { transA, transB })) as OpFn,
      shapes: [transA ? [2, 4, 3] : [2, 3, 4], transB ? [2, 5, 4] : [2, 4, 5]],
    }))),
    { f: (x, y) => ops.matmul(x, y), shapes: [[2, 3, 4], [4, 5]] },
    { f: (x, y) => ops.matmul(x, y, { transB: true }), shapes: [[2, 3, 4], [5, 4]] },
    { f: (x, w, b) => ops.linear(x, w, b), shapes: [[2, 3, 4], [5, 4], [5]] },
  ],
  'fused transformer ops': () => [
    { f: ops.softmax, shapes: [[3, 5]] },
    { f: ops.logSoftmax, shapes: [[3, 5]] },
    { f: (x, w, b) => ops.layerNorm(x, w, b), shapes: [[3, 6], [6], [6]] },
    { f: (x, w) => ops.layerNorm(x, w, null), shapes: [[3, 6], [6]] },
    { f: (table) => ops.embedding(tensor([1, 0, 1, 3], [2, 2]), table), shapes: [[4, 3]] },
    { f: (logits) => ops.crossEntropy(logits, tensor([2, -1, 0, 4], [4])), shapes: [[4, 5]] },
    { f: (x) => ops.splitHeads(x, 3, 1, 2), shapes: [[2, 3, 12]] },
    { f: (x) => ops.mul(ops.splitHeads(x, 3, 0, 2), ops.splitHeads(x, 3, 2, 2)), shapes: [[2, 3, 12]] },
    { f: (x) => ops.attentionSoftmax(x, 0.7, true), shapes: [[2, 3, 4, 4]] },
    { f: (x) => ops.headScores(x, 2), shapes: [[2, 3, 12]] },
    { f: (w, x) => ops.headMix(w, x, 2), shapes: [[2, 2, 3, 3], [2, 3, 12]] },
    { f: (x) => ops.headMix(ops.attentionSoftmax(ops.headScores(x, 3), 0.6, true), x, 3), shapes: [[2, 5, 9]] },
    { f: (x) => ops.headAttention(x, 3, 0.6, true), shapes: [[2, 5, 9]] },
    { f: (x) => ops.headAttention(x, 2, 0.9, false), shapes: [[1, 4, 12]] },
    { f: (x) => ops.attentionSoftmax(x, 0.5, true), shapes: [[2, 3, 5]] },
    { f: (x) => ops.attentionSoftmax(x, 1.3, false), shapes: [[2, 3, 5]] },
    { f: (x, b) => ops.biasGelu(x, b, 'gelu'), shapes: [[2, 3, 5], [5]] },
    { f: (x, b) => ops.biasGelu(x, b, 'geluTanh'), shapes: [[3, 5], [5]] },
    { f: (x) => ops.biasGelu(x, null, 'gelu'), shapes: [[3, 7]] },
    { f: (x) => ops.biasGelu(x, null, 'geluTanh'), shapes: [[3, 7]] },
    // As in a block, x' = sum + f(ln(sum)): the skip connection's gradient reaches sum before the LayerNorm's
    // backward runs, which then adds it into dx (backwardAccumulating).
    { f: (x, y, w, b) => residualBlock(ops.residualLayerNorm(x, y, w, b)), shapes: [[2, 3, 6], [2, 3, 6], [6], [6]] },
    { f: (x, y, w) => residualBlock(ops.residualLayerNorm(x, y, w, null)), shapes: [[3, 5], [3, 5], [5]] },
    // The gradient collected for a (the root's) is also c's, and c's backward runs after the LayerNorm's: a kernel
    // that added into the collected gradient in place would corrupt c's.
    { f: (c, w, b) => { const a = ops.tanh(c); return ops.add(a, ops.add(c, ops.layerNorm(a, w, b))); }, shapes: [[3, 6], [6], [6]] },
  ],
  'the MLP\'s activation and projection as one op': () => [
    { f: (x, b, w, bias) => ops.geluLinear(x, b, 'gelu', w, bias).y, shapes: [[2, 3, 5], [5], [4, 5], [4]] },
    { f: (x, w) => ops.geluLinear(x, null, 'geluTanh', w, null).y, shapes: [[3, 6], [2, 6]] },
    { f: (x, b, w) => ops.mul(ops.geluLinear(x, b, 'gelu', w, null).y, ops.geluLinear(x, b, 'gelu', w, null).y), shapes: [[4, 5], [5], [3, 5]] },
  ],
  'composite forms': () => [
    { f: (x, y, w, b) => residualBlock(ops.residualLayerNormComposite(x, y, w, b)), shapes: [[3, 6], [3, 6], [6], [6]] },
    { f: ops.softmaxComposite, shapes: [[3, 5]] },
    { f: ops.geluTanhComposite, shapes: [[7]] },
    { f: (x, b) => ops.biasGeluComposite(x, b, 'gelu'), shapes: [[3, 5], [5]] },
    { f: (x) => ops.attentionSoftmaxComposite(x, 0.7, true), shapes: [[2, 3, 5]] },
    { f: (x) => ops.headScoresComposite(x, 2), shapes: [[2, 3, 12]] },
    { f: (w, x) => ops.headMixComposite(w, x, 2), shapes: [[2, 2, 3, 3], [2, 3, 12]] },
    { f: (x) => ops.headAttentionComposite(x, 3, 0.6, true), shapes: [[2, 5, 9]] },
    { f: (x, w, b) => ops.layerNormComposite(x, w, b), shapes: [[3, 6], [6], [6]] },
  ],
};
