// The webgpu backend's kernel table: every kernel of backends/backend.ts under its js name, each one recording
// dispatches (never submitting) through the shared GpuContext.
import type { Kernels } from '../../backend';
import type { GpuContext } from './context';
import { adamw, biasGelu, binary, fill, scalar, unary } from './elementwise';
import { matmul, type MatmulOptions } from './matmul';
import { copyStrided, gather, scatterAdd } from './movement';
import { reduce, sumSquares } from './reduce';
import {
  addLayerNorm, attentionSoftmax, attentionSoftmaxBackward, crossEntropy, crossEntropyBackward, layerNorm, layerNormBackward, logSoftmax, softmax, softmaxBackward,
} from './rows';

export function createWebGpuKernels(ctx: GpuContext, matmulOptions: MatmulOptions = {}): Kernels {
  return {
    fill: (out, value) => fill(ctx, out, value),
    unary: (op, x, out) => unary(ctx, op, x, out),
    binary: (op, a, b, out, plan) => binary(ctx, op, a, b, out, plan),
    scalar: (op, x, s, out) => scalar(ctx, op, x, s, out),
    reduce: (op, x, out, outer, n, inner) => reduce(ctx, op, x, out, outer, n, inner),
    matmul: (a, b, out, p) => matmul(ctx, a, b, out, p, matmulOptions),
    copyStrided: (x, out, c) => copyStrided(ctx, x, out, c),
    gather: (table, ids, out, rows, dim) => gather(ctx, table, ids, out, rows, dim),
    scatterAdd: (src, ids, table, rows, dim) => scatterAdd(ctx, src, ids, table, rows, dim),
    softmax: (x, out, rows, n) => softmax(ctx, x, out, rows, n),
    softmaxBackward: (y, dy, dx, rows, n) => softmaxBackward(ctx, y, dy, dx, rows, n),
    logSoftmax: (x, out, rows, n) => logSoftmax(ctx, x, out, rows, n),
    layerNorm: (x, w, b, out, mean, rstd, rows, n, eps) => layerNorm(ctx, x, w, b, out, mean, rstd, rows, n, eps),
    addLayerNorm: (x, y, w, b, sum, out, mean, rstd, rows, n, eps) =>
      addLayerNorm(ctx, x, y, w, b, sum, out, mean, rstd, rows, n, eps),
    layerNormBackward: (dy, x, w, mean, rstd, dx, dw, db, rows, n, residual) =>
      layerNormBackward(ctx, dy, x, w, mean, rstd, dx, dw, db, rows, n, residual ?? null),
    crossEntropy: (logits, targets, losses, rows, V) => crossEntropy(ctx, logits, targets, losses, rows, V),
    crossEntropyBackward: (logits, targets, dlogits, rows, V, scale) =>
      crossEntropyBackward(ctx, logits, targets, dlogits, rows, V, scale),
    attentionSoftmax: (x, out, rows, T, n, scale, causal) => attentionSoftmax(ctx, x, out, rows, T, n, scale, causal),
    attentionSoftmaxBackward: (y, dy, dx, rows, n, scale) => attentionSoftmaxBackward(ctx, y, dy, dx, rows, n, scale),
    biasGelu: (x, b, out, grad, rows, n, variant) => biasGelu(ctx, x, b, out, grad, rows, n, variant),
    adamw: (param, grad, m, v, p) => adamw(ctx, param, grad, m, v, p),
    sumSquares: (x, out) => sumSquares(ctx, x, out),
  };
}
