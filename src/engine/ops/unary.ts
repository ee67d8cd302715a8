// Elementwise functions of one tensor, each next to its derivative.
import type { UnaryOp } from '../backends/backend';
import type { Tensor } from '../tensor';
import { emptyLike, kernelsOf, record } from './graph';
import { mul, div } from './binary';
import { mulScalar, addScalar } from './scalar';

function map(op: UnaryOp, x: Tensor): Tensor {
  const out = emptyLike(x);
  kernelsOf(x).unary(op, x.buffer, out.buffer);
  return out;
}

export function neg(x: Tensor): Tensor {
  return record(map('neg', x), 'neg', [x], (g) => [neg(g)]);
}

export function exp(x: Tensor): Tensor {
  const y = map('exp', x);
  return record(y, 'exp', [x], (g) => [mul(g, y)]);
}

export function log(x: Tensor): Tensor {
  return record(map('log', x), 'log', [x], (g) => [div(g, x)]);
}

export function sqrt(x: Tensor): Tensor {
  const y = map('sqrt', x);
  return record(y, 'sqrt', [x], (g) => [div(mulScalar(g, 0.5), y)]);
}

export function rsqrt(x: Tensor): Tensor {
  const y = map('rsqrt', x);
  // d/dx x^(-1/2) = -1/2 · y³
  return record(y, 'rsqrt', [x], (g) => [mul(g, mulScalar(mul(y, mul(y, y)), -0.5))]);
}

export function tanh(x: Tensor): Tensor {
  const y = map('tanh', x);
  return record(y, 'tanh', [x], (g) => [mul(g, addScalar(neg(mul(y, y)), 1))]);
}

export function relu(x: Tensor): Tensor {
  return record(map('relu', x), 'relu', [x], (g) => [mul(g, map('step', x))]);
}

export function abs(x: Tensor): Tensor {
  // sign(x) = step(x) − step(−x)
  return record(map('abs', x), 'abs', [x], (g) => [mul(g, addScalar(mulScalar(map('step', x), 2), -1))]);
}

export function square(x: Tensor): Tensor {
  return record(map('square', x), 'square', [x], (g) => [mul(g, mulScalar(x, 2))]);
}

export function reciprocal(x: Tensor): Tensor {
  const y = map('recip', x);
  return record(y, 'recip', [x], (g) => [neg(mul(g, mul(y, y)))]);
}

export function sin(x: Tensor): Tensor {
  return record(map('sin', x), 'sin', [x], (g) => [mul(g, map('cos', x))]);
}

export function cos(x: Tensor): Tensor {
  return record(map('cos', x), 'cos', [x], (g) => [neg(mul(g, map('sin', x)))]);
}

/** GELU, exact: x·Φ(x) (PyTorch's nn.GELU(), nanoGPT's). Its derivative is its own kernel: one pass backward. */
export function gelu(x: Tensor): Tensor {
  return record(map('gelu', x), 'gelu', [x], (g) => [mul(g, map('geluGrad', x))]);
}

/** GELU, tanh approximation (GPT-2's): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function geluTanh(x: Tensor): Tensor {
  return record(map('geluTanh', x), 'geluTanh', [x], (g) => [mul(g, map('geluTanhGrad', x))]);
}
