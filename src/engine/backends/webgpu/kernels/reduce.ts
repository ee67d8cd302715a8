// Dispatch for reductions over (outer, n, inner) and for Σx². Picks one invocation per output when rows are
// short or strided (inner > 1), whole workgroups per contiguous row otherwise, and a two-pass split (partial
// sums, then their reduction) when a few long rows would leave most of the GPU idle.
import type { DeviceBuffer, ReduceOp } from '../../backend';
import type { GpuBuffer } from '../bufferPool';
import { grid } from '../recorder';
import { reducePerOutputShader, reduceRowsShader, type ReduceKind } from '../shaders/reduce.wgsl';
import { Uniforms } from '../uniforms';
import { gpuBuffer, outputAccess, type GpuContext } from './context';

const SPLIT_CHUNK = 8192;

export function reduce(ctx: GpuContext, op: ReduceOp, x: DeviceBuffer, out: DeviceBuffer, outer: number, n: number,
  inner: number): void {
  const xs = gpuBuffer(x), y = gpuBuffer(out);
  const outputs = outer * inner;
  if (inner === 1 && n >= 256) {
    reduceRows(ctx, op, xs, y, outer, n);
    return;
  }
  ctx.recorder.dispatch({
    key: `reduce:${op}`, wgsl: () => reducePerOutputShader(op), uniforms: new Uniforms().u32(outputs).u32(n).u32(inner),
    buffers: [[xs, 'read'], [y, outputAccess(outputs, y.size)]], groups: grid(Math.ceil(outputs / 64)),
  });
}

export function sumSquares(ctx: GpuContext, x: DeviceBuffer, out: DeviceBuffer): void {
  reduceRows(ctx, 'sumSquares', gpuBuffer(x), gpuBuffer(out), 1, gpuBuffer(x).size);
}

/** y[r] = reduce of the contiguous row x[r·n .. r·n + n). */
function reduceRows(ctx: GpuContext, kind: ReduceKind, x: GpuBuffer, y: GpuBuffer, rows: number, n: number): void {
  const splits = rows < 64 && n > 2 * SPLIT_CHUNK ? Math.min(256, Math.ceil(n / SPLIT_CHUNK)) : 1;
  if (splits === 1) {
    dispatchRows(ctx, kind, x, y, rows, n, 1);
    return;
  }
  const partial = ctx.scratch(rows * splits);
  dispatchRows(ctx, kind, x, partial, rows, n, splits);
  dispatchRows(ctx, kind === 'max' ? 'max' : 'sum', partial, y, rows, splits, 1);
  ctx.release(partial);
}

function dispatchRows(ctx: GpuContext, kind: ReduceKind, x: GpuBuffer, y: GpuBuffer, rows: number, n: number,
  splits: number): void {
  const size = n >= 2048 ? 256 : 64;
  const chunk = Math.ceil(n / splits);
  ctx.recorder.dispatch({
    key: `reduceRows:${kind}:${size}`, wgsl: () => reduceRowsShader(kind, size),
    uniforms: new Uniforms().u32(rows).u32(n).u32(splits).u32(chunk),
    buffers: [[x, 'read'], [y, outputAccess(rows * splits, y.size)]], groups: grid(rows * splits),
  });
}
