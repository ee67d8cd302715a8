// Dispatch for strided copies, gather (embedding lookup) and scatterAdd (its gradient).
import type { DeviceBuffer, StridedCopy } from '../../backend';
import { grid } from '../recorder';
import { copyStridedShader, gatherShader, scatterAddShader } from '../shaders/movement.wgsl';
import { Uniforms } from '../uniforms';
import { flatGrid, gpuBuffer, outputAccess, type GpuContext } from './context';

/** True when the copy writes every value of a destination of `size` (offset 0, row-major strides). */
function coversDestination(c: StridedCopy, size: number): boolean {
  if (c.dstOffset !== 0) return false;
  let stride = 1;
  for (let d = c.shape.length - 1; d >= 0; d--) {
    if (c.shape[d] !== 1 && c.dstStrides[d] !== stride) return false;
    stride *= c.shape[d];
  }
  return stride >= size;
}

export function copyStrided(ctx: GpuContext, x: DeviceBuffer, out: DeviceBuffer, c: StridedCopy): void {
  const xs = gpuBuffer(x), y = gpuBuffer(out);
  const count = c.shape.reduce((p, d) => p * d, 1);
  const uniforms = new Uniforms().vec8(c.shape, 'u32').vec8(c.srcStrides, 'i32').vec8(c.dstStrides, 'i32')
    .u32(c.shape.length).u32(count).u32(c.srcOffset).u32(c.dstOffset);
  ctx.recorder.dispatch({
    key: 'copyStrided', wgsl: copyStridedShader, uniforms,
    buffers: [[xs, 'read'], [y, coversDestination(c, y.size) ? 'write' : 'readwrite']], groups: flatGrid(count),
  });
}

export function gather(ctx: GpuContext, table: DeviceBuffer, ids: DeviceBuffer, out: DeviceBuffer, rows: number,
  dim: number): void {
  const t = gpuBuffer(table), y = gpuBuffer(out);
  const vocab = dim === 0 ? 0 : Math.floor(t.size / dim);
  ctx.recorder.dispatch({
    key: 'gather', wgsl: gatherShader, uniforms: new Uniforms().u32(rows).u32(dim).u32(vocab),
    buffers: [[t, 'read'], [gpuBuffer(ids), 'read'], [y, outputAccess(rows * dim, y.size)], [ctx.rangeErrors, 'readwrite']],
    groups: flatGrid(rows * dim),
  });
}

export function scatterAdd(ctx: GpuContext, src: DeviceBuffer, ids: DeviceBuffer, table: DeviceBuffer, rows: number,
  dim: number): void {
  const t = gpuBuffer(table);
  const vocab = dim === 0 ? 0 : Math.floor(t.size / dim);
  if (rows === 0) return;
  ctx.recorder.dispatch({
    key: 'scatterAdd', wgsl: scatterAddShader, uniforms: new Uniforms().u32(rows).u32(dim).u32(vocab),
    buffers: [[gpuBuffer(src), 'read'], [gpuBuffer(ids), 'read'], [t, 'readwrite']], groups: grid(Math.ceil(dim / 64)),
  });
}
