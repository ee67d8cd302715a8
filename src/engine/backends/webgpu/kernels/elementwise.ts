// Dispatch for the elementwise kernels (shaders/elementwise.wgsl.ts): one invocation per output value.
import type { AdamWParams, BinaryOp, BroadcastPlan, DeviceBuffer, GeluVariant, ScalarOp, UnaryOp } from '../../backend';
import { isContiguousPlan } from '../../backend';
import type { GpuBuffer } from '../bufferPool';
import type { Access } from '../recorder';
import { Uniforms } from '../uniforms';
import {
  adamwShader, biasGeluShader, binaryBroadcastShader, binaryFlatShader, fillShader, scalarShader, unaryShader,
} from '../shaders/elementwise.wgsl';
import { flatGrid, gpuBuffer, outputAccess, type GpuContext } from './context';

export function fill(ctx: GpuContext, out: DeviceBuffer | GpuBuffer, value: number): void {
  const y = gpuBuffer(out);
  ctx.recorder.dispatch({
    key: 'fill', wgsl: fillShader, uniforms: new Uniforms().u32(y.size).f32(value),
    buffers: [[y, 'write']], groups: flatGrid(y.size),
  });
}

export function unary(ctx: GpuContext, op: UnaryOp, x: DeviceBuffer, out: DeviceBuffer): void {
  const xs = gpuBuffer(x), y = gpuBuffer(out);
  const count = Math.min(xs.size, y.size);
  ctx.recorder.dispatch({
    key: `unary:${op}`, wgsl: () => unaryShader(op), uniforms: new Uniforms().u32(count),
    buffers: [[xs, 'read'], [y, outputAccess(count, y.size)]], groups: flatGrid(count),
  });
}

export function scalar(ctx: GpuContext, op: ScalarOp, x: DeviceBuffer, s: number, out: DeviceBuffer): void {
  const xs = gpuBuffer(x), y = gpuBuffer(out);
  const count = Math.min(xs.size, y.size);
  ctx.recorder.dispatch({
    key: `scalar:${op}`, wgsl: () => scalarShader(op), uniforms: new Uniforms().u32(count).f32(s),
    buffers: [[xs, 'read'], [y, outputAccess(count, y.size)]], groups: flatGrid(count),
  });
}

export function binary(ctx: GpuContext, op: BinaryOp, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer,
  plan: BroadcastPlan): void {
  const as = gpuBuffer(a), bs = gpuBuffer(b), y = gpuBuffer(out);
  const count = plan.outShape.reduce((p, d) => p * d, 1);
  const buffers = [[as, 'read'], [bs, 'read'], [y, outputAccess(count, y.size)]] as const;
  if (isContiguousPlan(plan)) {
    ctx.recorder.dispatch({
      key: `binary:${op}`, wgsl: () => binaryFlatShader(op), uniforms: new Uniforms().u32(count),
      buffers, groups: flatGrid(count),
    });
    return;
  }
  const uniforms = new Uniforms().vec8(plan.outShape, 'u32').vec8(plan.aStrides, 'u32').vec8(plan.bStrides, 'u32')
    .u32(plan.outShape.length).u32(count);
  ctx.recorder.dispatch({
    key: `binaryBroadcast:${op}`, wgsl: () => binaryBroadcastShader(op), uniforms, buffers, groups: flatGrid(count),
  });
}

export function adamw(ctx: GpuContext, param: DeviceBuffer, grad: DeviceBuffer, m: DeviceBuffer, v: DeviceBuffer,
  p: AdamWParams): void {
  const w = gpuBuffer(param);
  // Bias corrections in float64 on the host, as the js backend computes them.
  const bc1 = 1 - Math.pow(p.beta1, p.step), bc2 = 1 - Math.pow(p.beta2, p.step);
  const uniforms = new Uniforms().u32(w.size).f32(p.lr).f32(p.beta1).f32(p.beta2).f32(p.eps)
    .f32(1 - p.lr * p.weightDecay).f32(bc1).f32(bc2).f32(p.gradScale);
  ctx.recorder.dispatch({
    key: 'adamw', wgsl: adamwShader, uniforms,
    buffers: [[w, 'readwrite'], [gpuBuffer(grad), 'read'], [gpuBuffer(m), 'readwrite'], [gpuBuffer(v), 'readwrite']],
    groups: flatGrid(w.size),
  });
}

export function biasGelu(ctx: GpuContext, x: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer,
  grad: DeviceBuffer | null, rows: number, n: number, variant: GeluVariant): void {
  const count = rows * n;
  if (count === 0) return;
  const y = gpuBuffer(out);
  const buffers: (readonly [GpuBuffer, Access])[] = [[gpuBuffer(x), 'read'], [y, outputAccess(count, y.size)]];
  if (b) buffers.push([gpuBuffer(b), 'read']);
  if (grad) {
    const g = gpuBuffer(grad);
    buffers.push([g, outputAccess(count, g.size)]);
  }
  ctx.recorder.dispatch({
    key: `biasGelu:${variant}:${b ? 'bias' : 'noBias'}:${grad ? 'grad' : 'noGrad'}`,
    wgsl: () => biasGeluShader(variant, b !== null, grad !== null), uniforms: new Uniforms().u32(count).u32(n),
    buffers, groups: flatGrid(count),
  });
}
