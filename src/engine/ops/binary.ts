// Elementwise ops of two tensors with NumPy broadcasting. A broadcast input's gradient is summed back down to
// its own shape (sumToShape), the rule that makes bias gradients the sum over the batch.
import type { BinaryOp } from '../backends/backend';
import type { Tensor } from '../tensor';
import { broadcastPlan, sameShape, type Shape } from '../util/shape';
import { emptyLike, kernelsOf, record } from './graph';
import { sum } from './reduce';
import { reshape } from './movement';
import { neg } from './unary';

function apply(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const plan = broadcastPlan(a.shape, b.shape);
  const out = emptyLike(a, plan.outShape);
  kernelsOf(a, b).binary(op, a.buffer, b.buffer, out.buffer, plan);
  return out;
}

/** Sums a broadcast gradient back to `shape`: over the leading axes it lacks and the axes where it had 1. */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  let r = g;
  const extra = r.rank - shape.length;
  for (let i = 0; i < extra; i++) r = sum(r, 0);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1 && r.shape[i] !== 1) r = sum(r, i, true);
  }
  return sameShape(r.shape, shape) ? r : reshape(r, shape);
}

export function add(a: Tensor, b: Tensor): Tensor {
  return record(apply('add', a, b), 'add', [a, b], (g) => [sumToShape(g, a.shape), sumToShape(g, b.shape)]);
}

export function sub(a: Tensor, b: Tensor): Tensor {
  return record(apply('sub', a, b), 'sub', [a, b], (g) => [sumToShape(g, a.shape), sumToShape(neg(g), b.shape)]);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  return record(apply('mul', a, b), 'mul', [a, b], (g) => [
    a.requiresGrad ? sumToShape(mul(g, b), a.shape) : null,
    b.requiresGrad ? sumToShape(mul(g, a), b.shape) : null,
  ]);
}

export function div(a: Tensor, b: Tensor): Tensor {
  const y = apply('div', a, b);
  return record(y, 'div', [a, b], (g) => [
    a.requiresGrad ? sumToShape(div(g, b), a.shape) : null,
    // d(a/b)/db = −a/b² = −y/b
    b.requiresGrad ? sumToShape(neg(div(mul(g, y), b)), b.shape) : null,
  ]);
}

/** Elementwise maximum; at ties the gradient goes to a. */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return record(apply('max', a, b), 'maximum', [a, b], (g) => {
    const bWins = apply('gt', b, a);
    const aWins = apply('gt', a, b);
    const aMask = emptyLike(aWins);
    kernelsOf(aWins).scalar('rsub', bWins.buffer, 1, aMask.buffer);
    return [sumToShape(mul(g, aMask), a.shape), sumToShape(mul(g, bWins), b.shape)];
  });
}

/** 1 where a > b, else 0. Not differentiable (no gradient flows). */
export function greater(a: Tensor, b: Tensor): Tensor {
  return apply('gt', a, b);
}
