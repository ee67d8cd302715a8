// What the kernel dispatch functions share: the recorder, scratch buffers, and the checked cast from the
// backend-neutral DeviceBuffer to a live GpuBuffer.
import type { DeviceBuffer } from '../../backend';
import { GpuBuffer } from '../bufferPool';
import type { Access, Recorder } from '../recorder';
import { grid } from '../recorder';
import { FLAT_WORKGROUP } from '../shaders/common.wgsl';

export interface GpuContext {
  readonly recorder: Recorder;
  /** Where gather and crossEntropy record ids the js backend would reject (rangeErrors.ts). */
  readonly rangeErrors: GpuBuffer;
  /** A temporary buffer (contents undefined until written); give it back with release(). */
  scratch(size: number): GpuBuffer;
  release(buf: GpuBuffer): void;
}

export function gpuBuffer(buf: DeviceBuffer | null): GpuBuffer {
  if (!(buf instanceof GpuBuffer)) throw new TypeError('webgpu kernels need buffers allocated by the webgpu backend');
  if (buf.freed) throw new Error('webgpu: a kernel was given a buffer that has been freed');
  return buf;
}

/** Grid for one invocation per element with the flat workgroup size. */
export const flatGrid = (count: number): [number, number, number] => grid(Math.ceil(count / FLAT_WORKGROUP));

/** 'write' when a kernel fills all `size` values of its output, else 'readwrite' (keeps the rest zero). */
export const outputAccess = (written: number, size: number): Access => (written >= size ? 'write' : 'readwrite');
