// A tensor combined with a plain number.
import type { ScalarOp } from '../backends/backend';
import type { Tensor } from '../tensor';
import { emptyLike, kernelsOf, record } from './graph';
import { mul } from './binary';

function apply(op: ScalarOp, x: Tensor, s: number): Tensor {
  const out = emptyLike(x);
  kernelsOf(x).scalar(op, x.buffer, s, out.buffer);
  return out;
}

export function addScalar(x: Tensor, s: number): Tensor {
  return record(apply('add', x, s), 'addScalar', [x], (g) => [g]);
}

export function mulScalar(x: Tensor, s: number): Tensor {
  return record(apply('mul', x, s), 'mulScalar', [x], (g) => [mulScalar(g, s)]);
}

/** s − x */
export function rsubScalar(x: Tensor, s: number): Tensor {
  return record(apply('rsub', x, s), 'rsubScalar', [x], (g) => [mulScalar(g, -1)]);
}

export function powScalar(x: Tensor, p: number): Tensor {
  return record(apply('pow', x, p), 'powScalar', [x], (g) => [mul(g, mulScalar(apply('pow', x, p - 1), p))]);
}

/** max(x, s) elementwise; the gradient flows where x > s. */
export function maxScalar(x: Tensor, s: number): Tensor {
  return record(apply('max', x, s), 'maxScalar', [x], (g) => {
    const shifted = apply('add', x, -s);
    const mask = emptyLike(x);
    kernelsOf(x).unary('step', shifted.buffer, mask.buffer);
    return [mul(g, mask)];
  });
}
