// Reductions over one axis: sum, mean and max. Their gradients broadcast back over the reduced axis.
import type { ReduceOp } from '../backends/backend';
import type { Tensor } from '../tensor';
import { aroundAxis, normalizeAxis } from '../util/shape';
import { emptyLike, kernelsOf, record } from './graph';
import { expand, reshape } from './movement';
import { greater, mul } from './binary';
import { mulScalar, rsubScalar } from './scalar';

function reduceAxis(op: ReduceOp, x: Tensor, axis: number, keepDims: boolean): Tensor {
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const keptShape = x.shape.map((d, i) => (i === axis ? 1 : d));
  const out = emptyLike(x, keepDims ? keptShape : x.shape.filter((_, i) => i !== axis));
  kernelsOf(x).reduce(op, x.buffer, out.buffer, outer, n, inner);
  return out;
}

/** Sum over `axis` (default: all elements, giving a scalar of shape []). */
export function sum(x: Tensor, axis?: number, keepDims = false): Tensor {
  if (axis === undefined) return sum(reshape(x, [x.size]), 0);
  const a = normalizeAxis(axis, x.rank);
  const keptShape = x.shape.map((d, i) => (i === a ? 1 : d));
  return record(reduceAxis('sum', x, a, keepDims), 'sum', [x], (g) => [expand(reshape(g, keptShape), x.shape)]);
}

export function mean(x: Tensor, axis?: number, keepDims = false): Tensor {
  const n = axis === undefined ? x.size : x.shape[normalizeAxis(axis, x.rank)];
  return mulScalar(sum(x, axis, keepDims), 1 / n);
}

/** Maximum over `axis`. The gradient goes to every position equal to the maximum. */
export function max(x: Tensor, axis: number, keepDims = false): Tensor {
  const a = normalizeAxis(axis, x.rank);
  const keptShape = x.shape.map((d, i) => (i === a ? 1 : d));
  const y = reduceAxis('max', x, a, keepDims);
  return record(y, 'max', [x], (g) => {
    const yb = reshape(y, keptShape);
    const isMax = rsubScalar(greater(yb, x), 1); // x == max  ⇔  not (max > x)
    return [mul(expand(reshape(g, keptShape), x.shape), isMax)];
  });
}
