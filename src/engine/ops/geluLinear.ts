// The MLP's activation and output projection as one op: act = gelu(x + b), y = act·Wᵀ + bias. Apart they are
// biasGelu then linear, and the backward pass writes dact = g·W to memory only for biasGelu to read it back and
// multiply it by gelu′(x + b). Together the multiply happens inside the GEMM that forms g·W, as each product is
// stored (MatmulParams.scaleBy): dx = (g·W) ⊙ gelu′(x + b), one pass over the 4C-wide activations fewer each way.
import type { GeluVariant } from '../backends/backend';
import { noGrad } from '../runtime';
import type { Tensor } from '../tensor';
import { formatShape } from '../util/shape';
import { emptyLike, kernelsOf, needsGrad, record } from './graph';
import { linear, matmul } from './matmul';
import { reshape } from './movement';
import { sum } from './reduce';

/**
 * act = gelu(x + b) and y = act·Wᵀ + bias for x (..., in), b (in) or null, weight (out, in), bias (out) or null;
 * variant 'gelu' is exact, 'geluTanh' GPT-2's approximation. Returns both (a trace shows the activation; it records
 * no gradient of its own). y equals linear(biasGelu(x, b, variant), weight, bias), gradients included.
 */
export function geluLinear(x: Tensor, b: Tensor | null, variant: GeluVariant, weight: Tensor, bias: Tensor | null): { act: Tensor; y: Tensor } {
  const [outDim, inDim] = weight.shape;
  const rows = x.size / inDim;
  if (x.shape[x.rank - 1] !== inDim || (b && b.size !== inDim) || (bias && bias.size !== outDim)) {
    throw new Error(`geluLinear: ${formatShape(x.shape)} with bias ${b ? formatShape(b.shape) : 'none'} does not fit weight `
      + `${formatShape(weight.shape)} and bias ${bias ? formatShape(bias.shape) : 'none'}`);
  }
  const act = emptyLike(x);
  // gelu′(x + b), kept from the forward kernel when a gradient must reach x or b
  const slope = needsGrad(x, b) ? emptyLike(x) : null;
  kernelsOf(x, weight).biasGelu(x.buffer, b ? b.buffer : null, act.buffer, slope ? slope.buffer : null, rows, inDim, variant);
  const y = noGrad(() => linear(act, weight, bias));
  const inputs = [x, b, weight, bias].filter((t): t is Tensor => t !== null);
  record(y, 'geluLinear', inputs, (g) => {
    const g2 = reshape(g, [rows, outDim]);
    let dx: Tensor | null = null;
    if (slope) { // dx = (g·W) ⊙ gelu′, the multiply done by the GEMM as it stores each product
      dx = emptyLike(x, [rows, inDim]);
      kernelsOf(g2, weight).matmul(g2.buffer, weight.buffer, dx.buffer, {
        batch: 1, M: rows, N: inDim, K: outDim, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0, beta: 0,
        scaleBy: slope.buffer,
      });
    }
    const grads = new Map<Tensor | null, Tensor | null>([
      [x, dx && reshape(dx, x.shape)],
      [b, b && dx && reshape(sum(dx, 0), b.shape)],
      [weight, weight.requiresGrad ? matmul(g2, reshape(act, [rows, inDim]), { transA: true }) : null],
      [bias, bias && reshape(sum(g2, 0), bias.shape)],
    ]);
    return inputs.map((t) => grads.get(t) ?? null);
  });
  return { act, y };
}
