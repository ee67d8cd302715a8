// Records kernels into one command encoder and submits them only when asked (flush, readAsync, or a very long
// batch), so a whole training step becomes one command buffer. Consecutive dispatches share one compute pass;
// WebGPU orders dispatches within a pass, so producers and consumers need no extra barriers. Buffers remember the
// batch that last touched them, which tells write() and free() whether encoded work still depends on them.
import type { BufferPool, GpuBuffer } from './bufferPool';
import { messageOf, type GpuHealth } from './health';
import type { PipelineCache } from './pipelines';
import type { UniformArena, Uniforms } from './uniforms';

/** 'write' promises the kernel overwrites every value, so a recycled buffer need not be cleared first. */
export type Access = 'read' | 'write' | 'readwrite';

export interface DispatchSpec {
  /** Pipeline cache key: one per shader variant. */
  readonly key: string;
  readonly wgsl: () => string;
  readonly uniforms: Uniforms;
  /** Storage bindings 1..n in order (binding 0 is the uniform slot). */
  readonly buffers: readonly (readonly [GpuBuffer, Access])[];
  /** Workgroups along x, y, z. */
  readonly groups: readonly [number, number, number];
}

/** Submit anyway after this many dispatches, so freed buffers return to the pool during very long batches. */
const MAX_DISPATCHES_PER_BATCH = 8192;
const MAX_GROUPS_PER_DIMENSION = 65535;

/** A flat count of workgroups laid out as x (≤ 65535) × y; shaders recover the index with groupIndex(). */
export function grid(groups: number, z = 1): [number, number, number] {
  if (groups === 0) return [0, 1, z];
  const x = Math.min(groups, MAX_GROUPS_PER_DIMENSION);
  const y = Math.ceil(groups / x);
  if (y > MAX_GROUPS_PER_DIMENSION) throw new RangeError(`${groups} workgroups exceed what one dispatch can launch`);
  return [x, y, z];
}

export class Recorder {
  /** Id of the batch being recorded; it increases at every submit. */
  batch = 0;
  submits = 0;
  dispatches = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatchesInBatch = 0;
  private afterSubmit: (() => void)[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly pipelines: PipelineCache,
    private readonly uniforms: UniformArena,
    private readonly pool: BufferPool,
    private readonly health: GpuHealth,
    /** Encodes a fill with zeros (kernels/elementwise.ts); used to clear recycled buffers before they are read. */
    private readonly zero: (buf: GpuBuffer) => void,
  ) {}

  /** True when work recorded but not yet submitted reads or writes `buf`. */
  isPending(buf: GpuBuffer): boolean {
    return this.encoder !== null && buf.lastBatch === this.batch;
  }

  dispatch(spec: DispatchSpec): void {
    this.health.check();
    const [x, y, z] = spec.groups;
    if (x * y * z === 0) return;
    for (const [buf, access] of spec.buffers) {
      if (buf.freed) throw new Error(`webgpu: kernel ${spec.key} was given a freed buffer`);
      if (buf.needsZero) {
        buf.needsZero = false;
        if (access !== 'write') this.zero(buf);
      }
    }
    const pipeline = this.pipelines.get(spec.key, spec.wgsl);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: this.uniforms.slot(spec.uniforms) }];
    spec.buffers.forEach(([buf], i) => {
      entries.push({ binding: i + 1, resource: { buffer: buf.gpu } });
      buf.lastBatch = this.batch;
    });
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = this.openPass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
    this.dispatches++;
    if (++this.dispatchesInBatch >= MAX_DISPATCHES_PER_BATCH) this.submit();
  }

  /** Records a buffer-to-buffer copy (ends the open compute pass). */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.health.check();
    this.closePass();
    this.openEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /** Marks a buffer as used by the open batch (a staged write or copy into it). */
  touch(buf: GpuBuffer): void {
    this.openEncoder();
    buf.lastBatch = this.batch;
  }

  /** Runs `fn` once the open batch has been submitted (destroying staging buffers, say). */
  onSubmit(fn: () => void): void {
    this.afterSubmit.push(fn);
  }

  /** Submits everything recorded so far as one command buffer. */
  submit(): void {
    if (!this.encoder) return;
    this.closePass();
    const commands = this.encoder.finish();
    this.encoder = null;
    this.uniforms.upload(this.device.queue);
    this.device.queue.submit([commands]);
    this.submits++;
    this.batch++;
    this.dispatchesInBatch = 0;
    // Errors from anything recorded in this batch (bind groups, dispatches, allocations) surface here.
    for (const scope of ['out-of-memory', 'validation'] as const) {
      this.device.popErrorScope().then(
        (error) => { if (error) this.health.fail(`${scope} error: ${error.message}`); },
        (error: unknown) => this.health.fail(messageOf(error)),
      );
    }
    this.pool.afterSubmit();
    const callbacks = this.afterSubmit;
    this.afterSubmit = [];
    for (const fn of callbacks) fn();
  }

  private openEncoder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.device.pushErrorScope('validation');
      this.device.pushErrorScope('out-of-memory');
      this.encoder = this.device.createCommandEncoder();
    }
    return this.encoder;
  }

  private openPass(): GPUComputePassEncoder {
    if (!this.pass) this.pass = this.openEncoder().beginComputePass();
    return this.pass;
  }

  private closePass(): void {
    this.pass?.end();
    this.pass = null;
  }
}
