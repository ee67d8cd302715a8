// Ops that move numbers without changing them: reshape (shares the buffer), permute, expand, slice, concat.
// Every tensor stays contiguous, so each move but reshape is one strided copy.
import type { Tensor } from '../tensor';
import { Tensor as TensorClass } from '../tensor';
import { formatShape, normalizeAxis, sizeOf, stridesOf, broadcastStrides, type Shape } from '../util/shape';
import { emptyLike, kernelsOf, record } from './graph';
import { sumToShape } from './binary';

/** Same numbers, new shape (one dimension may be -1). Shares the buffer: no copy. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const resolved = resolveShape(shape, x.size, x.shape);
  const y = new TensorClass(resolved, x);
  return record(y, 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

function resolveShape(shape: Shape, size: number, from: Shape): number[] {
  const free = shape.indexOf(-1);
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = [...shape];
  if (free >= 0) out[free] = known === 0 ? 0 : size / known;
  if (sizeOf(out) !== size || !out.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`cannot reshape ${formatShape(from)} (${size} values) to ${formatShape(shape)}`);
  }
  return out;
}

/** Reorders axes: out.shape[i] = x.shape[axes[i]]. */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  if (axes.length !== x.rank || new Set(axes).size !== x.rank) {
    throw new Error(`permute axes [${axes}] do not match a tensor of rank ${x.rank}`);
  }
  const src = stridesOf(x.shape);
  const shape = axes.map((a) => x.shape[a]);
  const out = emptyLike(x, shape);
  kernelsOf(x).copyStrided(x.buffer, out.buffer, {
    shape, srcStrides: axes.map((a) => src[a]), srcOffset: 0, dstStrides: stridesOf(shape), dstOffset: 0,
  });
  const inverse = axes.map((_, i) => axes.indexOf(i));
  return record(out, 'permute', [x], (g) => [permute(g, inverse)]);
}

/** Swaps two axes. */
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const axes = x.shape.map((_, i) => i);
  const i = normalizeAxis(a, x.rank), j = normalizeAxis(b, x.rank);
  [axes[i], axes[j]] = [axes[j], axes[i]];
  return permute(x, axes);
}

/** Broadcasts x to `shape` by repeating it along axes of size 1 (and new leading axes). */
export function expand(x: Tensor, shape: Shape): Tensor {
  const out = emptyLike(x, shape);
  kernelsOf(x).copyStrided(x.buffer, out.buffer, {
    shape, srcStrides: broadcastStrides(x.shape, shape), srcOffset: 0, dstStrides: stridesOf(shape), dstOffset: 0,
  });
  return record(out, 'expand', [x], (g) => [sumToShape(g, x.shape)]);
}

/** x[..., start:end, ...] along `axis`. */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const a = normalizeAxis(axis, x.rank);
  if (!(start >= 0 && end <= x.shape[a] && start <= end)) {
    throw new RangeError(`slice ${start}:${end} is outside axis ${a} of size ${x.shape[a]}`);
  }
  const shape = x.shape.map((d, i) => (i === a ? end - start : d));
  const src = stridesOf(x.shape);
  const out = emptyLike(x, shape);
  kernelsOf(x).copyStrided(x.buffer, out.buffer, {
    shape, srcStrides: src, srcOffset: start * src[a], dstStrides: stridesOf(shape), dstOffset: 0,
  });
  return record(out, 'slice', [x], (g) => {
    const gx = emptyLike(x);
    kernelsOf(g).copyStrided(g.buffer, gx.buffer, {
      shape, srcStrides: stridesOf(shape), srcOffset: 0, dstStrides: src, dstOffset: start * src[a],
    });
    return [gx];
  });
}

/** Joins tensors along `axis`; every other dimension must agree. */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new Error('concat needs at least one tensor');
  const a = normalizeAxis(axis, xs[0].rank);
  for (const x of xs) {
    if (x.rank !== xs[0].rank || x.shape.some((d, i) => i !== a && d !== xs[0].shape[i])) {
      throw new Error(`concat along axis ${a}: shapes ${xs.map((t) => formatShape(t.shape)).join(', ')} disagree`);
    }
  }
  const shape = xs[0].shape.map((d, i) => (i === a ? xs.reduce((s, x) => s + x.shape[a], 0) : d));
  const out = emptyLike(xs[0], shape);
  const dst = stridesOf(shape);
  let offset = 0;
  for (const x of xs) {
    kernelsOf(x, out).copyStrided(x.buffer, out.buffer, {
      shape: x.shape, srcStrides: stridesOf(x.shape), srcOffset: 0, dstStrides: dst, dstOffset: offset * dst[a],
    });
    offset += x.shape[a];
  }
  const starts = xs.map((_, k) => xs.slice(0, k).reduce((s, x) => s + x.shape[a], 0));
  return record(out, 'concat', [...xs], (g) => xs.map((x, k) => slice(g, a, starts[k], starts[k] + x.shape[a])));
}

/** Splits along `axis` into pieces of the given sizes. */
export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  let start = 0;
  return sizes.map((n) => {
    const piece = slice(x, axis, start, start + n);
    start += n;
    return piece;
  });
}

/**
 * Head `part` of a packed projection, split into heads: x (B, T, parts·C) holds `parts` blocks of C = nh·hs features
 * (attention's q, k, v side by side); returns block `part` as (B, nh, T, hs). One strided copy each way, where
 * slice + permute take two.
 */
export function splitHeads(x: Tensor, parts: number, part: number, nh: number): Tensor {
  const [B, T, width] = x.shape;
  const C = width / parts, hs = C / nh;
  if (x.rank !== 3 || !Number.isInteger(C) || !Number.isInteger(hs) || part < 0 || part >= parts) {
    throw new Error(`splitHeads: ${formatShape(x.shape)} has no part ${part} of ${parts} with ${nh} heads`);
  }
  const shape = [B, nh, T, hs];
  const strides = [T * width, hs, width, 1]; // where (b, h, t, d) sits in x
  const out = emptyLike(x, shape);
  kernelsOf(x).copyStrided(x.buffer, out.buffer, {
    shape, srcStrides: strides, srcOffset: part * C, dstStrides: stridesOf(shape), dstOffset: 0,
  });
  return record(out, 'splitHeads', [x], (g) => {
    const gx = emptyLike(x);
    kernelsOf(g).copyStrided(g.buffer, gx.buffer, {
      shape, srcStrides: stridesOf(shape), srcOffset: 0, dstStrides: strides, dstOffset: part * C,
    });
    return [gx];
  });
}
