// The webgpu backend: buffers on a GPUDevice, kernels recorded into one command encoder and submitted only by
// flush() and readAsync() (a training step is one command buffer; only the loss is read back). Device loss and
// WebGPU errors stop the backend and are reported through onDeviceLost and `lostReason`.
import type { Backend, DeviceBuffer } from '../backend';
import { BufferPool, GpuBuffer, MAP_READ_MODE, USAGE } from './bufferPool';
import { GpuHealth, messageOf } from './health';
import { createWebGpuKernels } from './kernels';
import type { GpuContext } from './kernels/context';
import { fill } from './kernels/elementwise';
import type { MatmulOptions } from './kernels/matmul';
import { PipelineCache } from './pipelines';
import { RANGE_ERROR_BYTES, RangeErrorRecord } from './rangeErrors';
import { Recorder } from './recorder';
import { UniformArena } from './uniforms';
import { requestWebGpuDevice, type GpuAdapterSummary } from './probe';

export interface WebGpuBackendOptions {
  /** A device to run on; by default one is requested from navigator.gpu (high-performance adapter). */
  readonly device?: GPUDevice;
  /** Called once when the backend stops working: device lost, failed pipeline, validation or out-of-memory error. */
  readonly onDeviceLost?: (reason: string) => void;
  /** GEMM tuning knobs for tests and benchmarks. */
  readonly matmul?: MatmulOptions;
}

export interface WebGpuBackend extends Backend {
  readonly name: 'webgpu';
  readonly device: GPUDevice;
  /** The adapter the backend's own device came from (null when the caller passed a device). */
  readonly adapter: GpuAdapterSummary | null;
  /** Why the backend stopped (device lost, failed pipeline, validation error), or null while it works. */
  readonly lostReason: string | null;
  /** Counters for tests and benchmarks. */
  stats(): { submits: number; dispatches: number; pipelines: number; buffersCreated: number; buffersReused: number };
}

/**
 * Creates the webgpu backend.
 * @example
 * const gpu = await createWebGpuBackend({ onDeviceLost: (reason) => console.warn(reason) });
 * setBackend(gpu);
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const requested = options.device ? null : await requestWebGpuDevice();
  const device = options.device ?? requested!.device;
  const health = new GpuHealth(options.onDeviceLost);
  let isDisposed = false;
  void device.lost.then((info) => {
    if (!isDisposed) health.fail(`device lost (${info.reason}): ${info.message}`);
  });

  const pool = new BufferPool(device);
  const pipelines = new PipelineCache(device, health);
  const uniforms = new UniformArena(device);
  const rangeErrors = new RangeErrorRecord(device);
  // Recycled buffers are cleared with a fill kernel (recorded, so in order with everything else).
  const recorder = new Recorder(device, pipelines, uniforms, pool, health, (buf) => fill(ctx, buf, 0));
  const ctx: GpuContext = { recorder, rangeErrors: rangeErrors.buffer, scratch: (size) => pool.acquire(size), release };

  function live(buf: DeviceBuffer): GpuBuffer {
    if (!(buf instanceof GpuBuffer)) throw new TypeError('this buffer does not belong to the webgpu backend');
    if (buf.freed) throw new Error('webgpu: use of a freed buffer');
    return buf;
  }

  function release(buf: GpuBuffer): void {
    if (buf.freed) return;
    buf.freed = true;
    pool.release(buf.gpu, recorder.isPending(buf));
  }

  /** Writes through the encoder, after the recorded work that uses `buf` (queue.writeBuffer would run before it). */
  function stageWrite(buf: GpuBuffer, offset: number, values: Float32Array): void {
    const staging = device.createBuffer({ size: values.byteLength, usage: USAGE.COPY_SRC, mappedAtCreation: true });
    new Float32Array(staging.getMappedRange()).set(values);
    staging.unmap();
    recorder.copy(staging, 0, buf.gpu, offset * 4, values.byteLength);
    recorder.touch(buf);
    recorder.onSubmit(() => staging.destroy());
  }

  return {
    name: 'webgpu',
    precision: 'float32',
    device,
    adapter: requested?.adapter ?? null,
    kernels: createWebGpuKernels(ctx, options.matmul),
    get lostReason() {
      return health.reason;
    },

    alloc(size) {
      if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`cannot allocate ${size} floats`);
      health.check();
      return pool.acquire(size);
    },

    free(buf) {
      if (!(buf instanceof GpuBuffer)) throw new TypeError('this buffer does not belong to the webgpu backend');
      release(buf);
    },

    write(buf, data, offset = 0) {
      const b = live(buf);
      health.check();
      if (offset + data.length > b.size) throw new RangeError(`write of ${data.length} floats at ${offset} overflows a buffer of ${b.size}`);
      let values = data instanceof Float32Array && data.buffer instanceof ArrayBuffer
        ? (data as Float32Array<ArrayBuffer>) : Float32Array.from(data);
      let start = offset;
      if (b.needsZero && !(offset === 0 && data.length === b.size)) {
        const whole = new Float32Array(b.size);
        whole.set(values, offset);
        values = whole;
        start = 0;
      }
      b.needsZero = false;
      if (values.length === 0) return;
      if (recorder.isPending(b)) stageWrite(b, start, values);
      else device.queue.writeBuffer(b.gpu, start * 4, values);
    },

    read() {
      throw new Error('the webgpu backend cannot read synchronously: use readAsync(buffer), or tensor.data() instead of toArray()/item()');
    },

    async readAsync(buf) {
      const b = live(buf);
      health.check();
      if (b.needsZero || b.size === 0) return new Float32Array(b.size);
      // The values, then the range-error record, copied in the same submission.
      const staging = device.createBuffer({ size: b.bytes + RANGE_ERROR_BYTES, usage: USAGE.MAP_READ | USAGE.COPY_DST });
      recorder.copy(b.gpu, 0, staging, 0, b.bytes);
      recorder.copy(rangeErrors.buffer.gpu, 0, staging, b.bytes, RANGE_ERROR_BYTES);
      recorder.submit();
      let values: Float32Array<ArrayBuffer>, record: ArrayBuffer;
      try {
        await staging.mapAsync(MAP_READ_MODE);
        const mapped = staging.getMappedRange();
        values = new Float32Array(mapped.slice(0, b.bytes));
        record = mapped.slice(b.bytes);
      } catch (error) {
        throw new Error(`webgpu read-back failed: ${health.reason ?? messageOf(error)}`);
      } finally {
        staging.destroy();
      }
      const rangeError = rangeErrors.take(record);
      if (rangeError) throw rangeError;
      return values;
    },

    async flush() {
      health.check();
      recorder.submit();
      await device.queue.onSubmittedWorkDone();
      health.check();
    },

    dispose() {
      if (isDisposed) return;
      isDisposed = true;
      pool.destroyAll();
      uniforms.destroy();
      rangeErrors.destroy();
      if (requested) device.destroy();
    },

    stats: () => ({
      submits: recorder.submits, dispatches: recorder.dispatches, pipelines: pipelines.size,
      buffersCreated: pool.created, buffersReused: pool.reused,
    }),
  };
}
