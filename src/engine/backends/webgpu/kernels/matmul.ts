// Dispatch for the batched GEMM: matrix-vector shaders when M = 1 (one-token decoding) or N = 1, otherwise the
// tiled GEMM with a tile size picked so a large GPU gets enough workgroups (about 128) to stay busy.
import { checkEpilogue, matmulLayouts, type DeviceBuffer, type MatmulParams } from '../../backend';
import type { GpuBuffer } from '../bufferPool';
import { grid } from '../recorder';
import { GEMM_TILES, gemmShader, type GemmTileName } from '../shaders/matmul.wgsl';
import { matvecColumnsShader, matvecRowsShader, type MatvecLayout } from '../shaders/matvec.wgsl';
import { Uniforms } from '../uniforms';
import { gpuBuffer, type GpuContext } from './context';

const MAX_BATCH_PER_DISPATCH = 65535;

export interface MatmulOptions {
  /** Forces one GEMM tile (tests, benchmarks); by default chooseGemmTile decides. */
  readonly tile?: GemmTileName;
  /** Turns off the matrix-vector path, so M = 1 or N = 1 products use the GEMM too (tests). */
  readonly noMatvec?: boolean;
}

export function chooseGemmTile(M: number, N: number, batch: number): GemmTileName {
  const workgroups = (name: GemmTileName) =>
    Math.ceil(M / GEMM_TILES[name].bm) * Math.ceil(N / GEMM_TILES[name].bn) * batch;
  if (workgroups('large') >= 128) return 'large';
  if (workgroups('medium') >= 64) return 'medium';
  return 'small';
}

export function matmul(ctx: GpuContext, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, p: MatmulParams,
  options: MatmulOptions = {}): void {
  const A = gpuBuffer(a), B = gpuBuffer(b), C = gpuBuffer(out);
  const { batch, M, N, K } = p;
  checkEpilogue(p);
  if (batch * M * N === 0) return;
  // the epilogue's multipliers (scaleBy) as a fifth binding of the shader's scaled variant
  const E = p.scaleBy ? gpuBuffer(p.scaleBy) : null;
  const epilogue = E ? { suffix: ':scaled', buffers: [[E, 'read']] as const } : { suffix: '', buffers: [] as const };
  // Head-strided products (p.strided) write C in place, among numbers they must keep, unless they and the next ones
  // cover it (coversOut).
  const whole = p.strided ? p.strided.coversOut === true : batch * M * N >= C.size;
  const cAccess = p.beta === 0 && whole ? 'write' : 'readwrite';
  const matvecs = !options.noMatvec && !p.strided;
  if (matvecs && M === 1) {
    // out_b (1×N) = a_b · op(B_b): B stored (N×K) when transposed, else (K×N).
    matvec(ctx, A, p.aBatchStride, B, p.bBatchStride, p.transB ? 'rows' : 'columns', C, cAccess, p, N, E);
    return;
  }
  if (matvecs && N === 1) {
    // out_b (M×1) = op(A_b) · b_b: A stored (M×K) when not transposed, else (K×M).
    matvec(ctx, B, p.bBatchStride, A, p.aBatchStride, p.transA ? 'columns' : 'rows', C, cAccess, p, M, E);
    return;
  }
  const tileName = options.tile ?? chooseGemmTile(M, N, batch);
  const tile = GEMM_TILES[tileName];
  const l = matmulLayouts(p);
  for (let batch0 = 0; batch0 < batch; batch0 += MAX_BATCH_PER_DISPATCH) {
    // A is (M×K), or stored (K×M) when transposed, its stored rows a.ld apart; B is (K×N), or stored (N×K).
    const uniforms = new Uniforms().u32(M).u32(N).u32(K).u32(batch0).f32(p.beta)
      .u32(p.transA ? 1 : l.a.ld).u32(p.transA ? l.a.ld : 1).u32(p.transB ? 1 : l.b.ld).u32(p.transB ? l.b.ld : 1)
      .u32(p.transA ? 1 : 0).u32(p.transB ? 1 : 0).u32(l.c.ld).u32(l.heads);
    for (const m of [l.a, l.b, l.c]) uniforms.u32(m.offset).u32(m.outer).u32(m.head);
    ctx.recorder.dispatch({
      key: `gemm:${tileName}${epilogue.suffix}`, wgsl: () => gemmShader(tile, E !== null), uniforms,
      buffers: [[A, 'read'], [B, 'read'], [C, cAccess], ...epilogue.buffers],
      groups: [Math.ceil(N / tile.bn), Math.ceil(M / tile.bm), Math.min(MAX_BATCH_PER_DISPATCH, batch - batch0)],
    });
  }
}

function matvec(ctx: GpuContext, v: GpuBuffer, vStride: number, W: GpuBuffer, wStride: number, layout: MatvecLayout,
  y: GpuBuffer, yAccess: 'write' | 'readwrite', p: MatmulParams, J: number, E: GpuBuffer | null): void {
  const groupsPerBatch = layout === 'rows' ? J : Math.ceil(J / 64);
  const uniforms = new Uniforms().u32(J).u32(p.K).u32(vStride).u32(wStride).u32(p.batch).u32(groupsPerBatch).f32(p.beta);
  ctx.recorder.dispatch({
    key: `matvec:${layout}${E ? ':scaled' : ''}`, uniforms,
    wgsl: () => (layout === 'rows' ? matvecRowsShader : matvecColumnsShader)(E !== null),
    buffers: E ? [[v, 'read'], [W, 'read'], [y, yAccess], [E, 'read']] : [[v, 'read'], [W, 'read'], [y, yAccess]],
    groups: grid(groupsPerBatch * p.batch),
  });
}
