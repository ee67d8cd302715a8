// Device buffers of the webgpu backend and the pool that recycles them by size class. A freed buffer goes back
// to the pool only once the command buffer that used it has been submitted: later work is then ordered after it
// by the queue, so no kernel can see a buffer reused under it.
import type { DeviceBuffer } from '../backend';

// GPUBufferUsage / GPUMapMode values are fixed by the WebGPU spec; spelled out so the engine does not depend on
// the globals being installed (Node's `webgpu` package leaves that to the caller).
export const USAGE = { MAP_READ: 0x1, MAP_WRITE: 0x2, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
export const MAP_READ_MODE = 0x1;

const STORAGE_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;
const MIN_BYTES = 256;

/** A block of floats on the GPU, as handed to tensors. */
export class GpuBuffer implements DeviceBuffer {
  freed = false;
  /** The batch (command buffer) that last encoded work touching this buffer; see Recorder.isPending. */
  lastBatch = -1;
  constructor(
    readonly size: number,
    readonly gpu: GPUBuffer,
    /** A recycled buffer holds stale values until the first write or kernel clears it (alloc promises zeros). */
    public needsZero: boolean,
  ) {}

  get bytes(): number {
    return this.size * 4;
  }
}

/** Bytes actually allocated for a request: 256 B minimum, then steps of 1, 1.25, 1.5, 1.75 × 2^k (≤ 25 % waste). */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const power = 2 ** Math.floor(Math.log2(bytes));
  const step = power / 4;
  return Math.ceil(bytes / step) * step;
}

export class BufferPool {
  private readonly idle = new Map<number, GPUBuffer[]>();
  private waiting: GPUBuffer[] = [];
  created = 0;
  reused = 0;

  constructor(private readonly device: GPUDevice) {}

  /** A buffer for `floats` values: recycled when one of its size class is idle, else new (and zero-filled). */
  acquire(floats: number): GpuBuffer {
    const bytes = sizeClass(floats * 4);
    const recycled = this.idle.get(bytes)?.pop();
    if (recycled) {
      this.reused++;
      return new GpuBuffer(floats, recycled, true);
    }
    this.created++;
    const gpu = this.device.createBuffer({ size: bytes, usage: STORAGE_USAGE });
    return new GpuBuffer(floats, gpu, false);
  }

  /** Takes a buffer back; `isPending` (used by unsubmitted work) parks it until afterSubmit(). */
  release(buf: GPUBuffer, isPending: boolean): void {
    if (isPending) this.waiting.push(buf);
    else this.makeIdle(buf);
  }

  /** The command buffer that used the waiting buffers is on the queue: they may be handed out again. */
  afterSubmit(): void {
    for (const buf of this.waiting) this.makeIdle(buf);
    this.waiting = [];
  }

  get idleCount(): number {
    let n = 0;
    for (const list of this.idle.values()) n += list.length;
    return n;
  }

  destroyAll(): void {
    for (const list of this.idle.values()) for (const buf of list) buf.destroy();
    for (const buf of this.waiting) buf.destroy();
    this.idle.clear();
    this.waiting = [];
  }

  private makeIdle(buf: GPUBuffer): void {
    const list = this.idle.get(buf.size);
    if (list) list.push(buf);
    else this.idle.set(buf.size, [buf]);
  }
}
