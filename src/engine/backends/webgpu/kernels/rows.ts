// Dispatch for the fused row kernels (shaders/rows.wgsl.ts): one workgroup per row, 64 or 256 invocations wide.
import type { DeviceBuffer } from '../../backend';
import type { GpuBuffer } from '../bufferPool';
import type { Access } from '../recorder';
import { grid } from '../recorder';
import {
  attentionSoftmaxBackwardShader, attentionSoftmaxShader, crossEntropyBackwardShader, crossEntropyShader, layerNormBackwardColumnsShader, layerNormBackwardRowsShader,
  layerNormShader, logSoftmaxShader, rowWorkgroupSize, softmaxBackwardShader, softmaxShader,
} from '../shaders/rows.wgsl';
import { Uniforms } from '../uniforms';
import { gpuBuffer, outputAccess, type GpuContext } from './context';

type RowShader = (size: number) => string;

function dispatchRows(ctx: GpuContext, name: string, shader: RowShader, rows: number, n: number, uniforms: Uniforms,
  buffers: readonly (readonly [GpuBuffer, Access])[]): void {
  if (rows === 0) return;
  const size = rowWorkgroupSize(n);
  ctx.recorder.dispatch({ key: `${name}:${size}`, wgsl: () => shader(size), uniforms, buffers, groups: grid(rows) });
}

export function softmax(ctx: GpuContext, x: DeviceBuffer, out: DeviceBuffer, rows: number, n: number): void {
  const y = gpuBuffer(out);
  dispatchRows(ctx, 'softmax', softmaxShader, rows, n, new Uniforms().u32(rows).u32(n),
    [[gpuBuffer(x), 'read'], [y, outputAccess(rows * n, y.size)]]);
}

export function logSoftmax(ctx: GpuContext, x: DeviceBuffer, out: DeviceBuffer, rows: number, n: number): void {
  const y = gpuBuffer(out);
  dispatchRows(ctx, 'logSoftmax', logSoftmaxShader, rows, n, new Uniforms().u32(rows).u32(n),
    [[gpuBuffer(x), 'read'], [y, outputAccess(rows * n, y.size)]]);
}

export function softmaxBackward(ctx: GpuContext, y: DeviceBuffer, dy: DeviceBuffer, dx: DeviceBuffer, rows: number,
  n: number): void {
  const g = gpuBuffer(dx);
  dispatchRows(ctx, 'softmaxBackward', softmaxBackwardShader, rows, n, new Uniforms().u32(rows).u32(n),
    [[gpuBuffer(y), 'read'], [gpuBuffer(dy), 'read'], [g, outputAccess(rows * n, g.size)]]);
}

export function layerNorm(ctx: GpuContext, x: DeviceBuffer, w: DeviceBuffer, b: DeviceBuffer | null,
  out: DeviceBuffer, mean: DeviceBuffer, rstd: DeviceBuffer, rows: number, n: number, eps: number): void {
  dispatchLayerNorm(ctx, [gpuBuffer(x), 'read'], null, w, b, out, mean, rstd, rows, n, eps);
}

/** sum = x + y and LayerNorm(sum) in one dispatch: the shader's x is then the sum it writes. */
export function addLayerNorm(ctx: GpuContext, x: DeviceBuffer, y: DeviceBuffer, w: DeviceBuffer, b: DeviceBuffer | null,
  sum: DeviceBuffer, out: DeviceBuffer, mean: DeviceBuffer, rstd: DeviceBuffer, rows: number, n: number, eps: number): void {
  const s = gpuBuffer(sum);
  dispatchLayerNorm(ctx, [s, outputAccess(rows * n, s.size)], [gpuBuffer(x), gpuBuffer(y)], w, b, out, mean, rstd, rows, n, eps);
}

function dispatchLayerNorm(ctx: GpuContext, x: readonly [GpuBuffer, Access], addends: readonly [GpuBuffer, GpuBuffer] | null,
  w: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, mean: DeviceBuffer, rstd: DeviceBuffer, rows: number,
  n: number, eps: number): void {
  const y = gpuBuffer(out), m = gpuBuffer(mean), s = gpuBuffer(rstd);
  const buffers: (readonly [GpuBuffer, Access])[] = [x, [gpuBuffer(w), 'read'],
    [y, outputAccess(rows * n, y.size)], [m, outputAccess(rows, m.size)], [s, outputAccess(rows, s.size)]];
  if (addends) buffers.push([addends[0], 'read'], [addends[1], 'read']);
  if (b) buffers.push([gpuBuffer(b), 'read']);
  const name = `${addends ? 'addLayerNorm' : 'layerNorm'}:${b ? 'bias' : 'noBias'}`;
  dispatchRows(ctx, name, (size) => layerNormShader(size, b !== null, addends !== null), rows, n,
    new Uniforms().u32(rows).u32(n).f32(eps), buffers);
}

export function layerNormBackward(ctx: GpuContext, dy: DeviceBuffer, x: DeviceBuffer, w: DeviceBuffer,
  mean: DeviceBuffer, rstd: DeviceBuffer, dx: DeviceBuffer, dw: DeviceBuffer, db: DeviceBuffer | null, rows: number,
  n: number, residual: DeviceBuffer | null): void {
  const g = gpuBuffer(dy), xs = gpuBuffer(x), m = gpuBuffer(mean), s = gpuBuffer(rstd), gx = gpuBuffer(dx);
  const uniforms = new Uniforms().u32(rows).u32(n);
  const rowBuffers: (readonly [GpuBuffer, Access])[] = [[g, 'read'], [xs, 'read'], [gpuBuffer(w), 'read'], [m, 'read'],
    [s, 'read'], [gx, outputAccess(rows * n, gx.size)]];
  if (residual) rowBuffers.push([gpuBuffer(residual), 'read']);
  dispatchRows(ctx, `layerNormBackwardRows:${residual ? 'residual' : 'alone'}`,
    (size) => layerNormBackwardRowsShader(size, residual !== null), rows, n, uniforms, rowBuffers);
  const columns: (readonly [GpuBuffer, Access])[] = [[g, 'read'], [xs, 'read'], [m, 'read'], [s, 'read'],
    [gpuBuffer(dw), 'readwrite']];
  if (db) columns.push([gpuBuffer(db), 'readwrite']);
  if (rows === 0) return;
  ctx.recorder.dispatch({
    key: `layerNormBackwardColumns:${db ? 'bias' : 'noBias'}`, wgsl: () => layerNormBackwardColumnsShader(db !== null),
    uniforms, buffers: columns, groups: grid(Math.ceil(n / 32)),
  });
}

export function crossEntropy(ctx: GpuContext, logits: DeviceBuffer, targets: DeviceBuffer, losses: DeviceBuffer,
  rows: number, V: number): void {
  const l = gpuBuffer(losses);
  dispatchRows(ctx, 'crossEntropy', crossEntropyShader, rows, V, new Uniforms().u32(rows).u32(V),
    [[gpuBuffer(logits), 'read'], [gpuBuffer(targets), 'read'], [l, outputAccess(rows, l.size)], [ctx.rangeErrors, 'readwrite']]);
}

export function crossEntropyBackward(ctx: GpuContext, logits: DeviceBuffer, targets: DeviceBuffer,
  dlogits: DeviceBuffer, rows: number, V: number, scale: number): void {
  const g = gpuBuffer(dlogits);
  dispatchRows(ctx, 'crossEntropyBackward', crossEntropyBackwardShader, rows, V,
    new Uniforms().u32(rows).u32(V).f32(scale),
    [[gpuBuffer(logits), 'read'], [gpuBuffer(targets), 'read'], [g, outputAccess(rows * V, g.size)]]);
}

export function attentionSoftmax(ctx: GpuContext, x: DeviceBuffer, out: DeviceBuffer, rows: number, T: number, n: number,
  scale: number, causal: boolean): void {
  const y = gpuBuffer(out);
  dispatchRows(ctx, 'attentionSoftmax', attentionSoftmaxShader, rows, n,
    new Uniforms().u32(rows).u32(n).u32(T).u32(causal ? 1 : 0).f32(scale),
    [[gpuBuffer(x), 'read'], [y, outputAccess(rows * n, y.size)]]);
}

export function attentionSoftmaxBackward(ctx: GpuContext, y: DeviceBuffer, dy: DeviceBuffer, dx: DeviceBuffer,
  rows: number, n: number, scale: number): void {
  const g = gpuBuffer(dx);
  dispatchRows(ctx, 'attentionSoftmaxBackward', attentionSoftmaxBackwardShader, rows, n,
    new Uniforms().u32(rows).u32(n).f32(scale),
    [[gpuBuffer(y), 'read'], [gpuBuffer(dy), 'read'], [g, outputAccess(rows * n, g.size)]]);
}
