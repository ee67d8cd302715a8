// The js backend: plain typed-array loops, the executable specification every other backend is tested against.
// float64 precision exists for gradient checks against finite differences; float32 is what the app runs.
import type { Backend, DeviceBuffer, FloatArray, Precision } from '../backend';
import { jsKernels } from './jsKernels';

export class JsBuffer implements DeviceBuffer {
  constructor(public data: FloatArray) {}
  get size(): number {
    return this.data.length;
  }
}

/** The typed array behind a js buffer; kernels use it to reach the numbers. */
export function arrayOf(buf: DeviceBuffer): FloatArray {
  return (buf as JsBuffer).data;
}

export function createJsBackend(precision: Precision = 'float32'): Backend {
  const make = (n: number): FloatArray => (precision === 'float64' ? new Float64Array(n) : new Float32Array(n));
  return {
    name: 'js',
    precision,
    kernels: jsKernels,
    alloc: (size) => new JsBuffer(make(size)),
    free: () => {},
    write(buf, data, offset = 0) {
      const dst = arrayOf(buf);
      if (offset + data.length > dst.length) throw new RangeError(`write of ${data.length} floats at ${offset} overflows a buffer of ${dst.length}`);
      dst.set(data as ArrayLike<number>, offset);
    },
    read: (buf) => arrayOf(buf).slice(),
    readAsync: async (buf) => arrayOf(buf).slice(),
    flush: async () => {},
    dispose: () => {},
  };
}
