// Deferred range errors. The js backend throws a RangeError when gather meets an id outside the table or
// crossEntropy a target outside the classes; a GPU kernel cannot throw, so it writes NaN and records the error
// in a 16-byte buffer (shaders/common.wgsl.ts). readAsync copies that record along with the data in the same
// submission and throws the RangeError there, the first point where the host waits for the GPU.
import { GpuBuffer, USAGE } from './bufferPool';
import { RANGE_ERROR } from './shaders/common.wgsl';

export const RANGE_ERROR_BYTES = 16;

export class RangeErrorRecord {
  readonly buffer: GpuBuffer;

  constructor(private readonly device: GPUDevice) {
    const gpu = device.createBuffer({ size: RANGE_ERROR_BYTES, usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST });
    this.buffer = new GpuBuffer(RANGE_ERROR_BYTES / 4, gpu, false);
  }

  /** The error the record holds (as read back), or null; clears the record on the device when there was one. */
  take(record: ArrayBuffer): RangeError | null {
    const [code, valueBits, limit] = new Uint32Array(record, 0, 3);
    if (code === 0) return null;
    this.device.queue.writeBuffer(this.buffer.gpu, 0, new Uint32Array(RANGE_ERROR_BYTES / 4));
    const value = new Float32Array(Uint32Array.of(valueBits).buffer)[0];
    const what = code === RANGE_ERROR.gatherId ? 'gather: id' : code === RANGE_ERROR.crossEntropyTarget ? 'crossEntropy: target' : 'an index';
    return new RangeError(`${what} ${value} outside 0..${limit - 1} (found on the GPU; reported at the next read)`);
  }

  destroy(): void {
    this.buffer.gpu.destroy();
  }
}
