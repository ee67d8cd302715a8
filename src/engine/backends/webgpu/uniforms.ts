// Per-dispatch uniform parameters (shapes, strides, M/N/K, flags) without a submission per dispatch: each
// dispatch gets its own 256-byte slot in a chunk of a uniform arena; the host copy of the used slots is uploaded
// with one queue.writeBuffer per chunk just before the batch is submitted. The queue orders that write after
// every earlier submission, so slots are reused from the next batch on without hazards.
import { USAGE } from './bufferPool';

export const UNIFORM_SLOT_BYTES = 256;
const SLOTS_PER_CHUNK = 256;

/** Packs a WGSL uniform struct: 4-byte scalars in order; vec4 arrays (rank-8 shapes/strides) 16-byte aligned. */
export class Uniforms {
  readonly view = new DataView(new ArrayBuffer(UNIFORM_SLOT_BYTES));
  length = 0;

  u32(value: number): this {
    if (!(Number.isInteger(value) && value >= 0 && value < 2 ** 32)) throw new RangeError(`uniform u32 out of range: ${value}`);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
    return this;
  }

  i32(value: number): this {
    if (!(Number.isInteger(value) && Math.abs(value) < 2 ** 31)) throw new RangeError(`uniform i32 out of range: ${value}`);
    this.view.setInt32(this.length, value, true);
    this.length += 4;
    return this;
  }

  f32(value: number): this {
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** An array<vec4u, 2> or array<vec4i, 2>: up to 8 values, zero-padded. */
  vec8(values: readonly number[], kind: 'u32' | 'i32'): this {
    if (values.length > 8) throw new RangeError(`rank ${values.length} exceeds the webgpu backend's limit of 8`);
    this.length = Math.ceil(this.length / 16) * 16;
    for (let i = 0; i < 8; i++) this[kind](values[i] ?? 0);
    return this;
  }
}

interface Chunk {
  readonly buffer: GPUBuffer;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

export class UniformArena {
  private readonly chunks: Chunk[] = [];
  private used = 0;
  private readonly slotBytes: number;

  constructor(private readonly device: GPUDevice) {
    this.slotBytes = Math.max(UNIFORM_SLOT_BYTES, device.limits.minUniformBufferOffsetAlignment);
  }

  /** Copies `u` into the next free slot and returns the binding for it. */
  slot(u: Uniforms): GPUBufferBinding {
    const chunkIndex = Math.floor(this.used / SLOTS_PER_CHUNK);
    const offset = (this.used % SLOTS_PER_CHUNK) * this.slotBytes;
    if (chunkIndex === this.chunks.length) {
      const size = SLOTS_PER_CHUNK * this.slotBytes;
      this.chunks.push({ buffer: this.device.createBuffer({ size, usage: USAGE.UNIFORM | USAGE.COPY_DST }), bytes: new Uint8Array(size) });
    }
    const chunk = this.chunks[chunkIndex];
    chunk.bytes.set(new Uint8Array(u.view.buffer, 0, u.length), offset);
    this.used++;
    return { buffer: chunk.buffer, offset, size: UNIFORM_SLOT_BYTES };
  }

  /** Writes the slots used since the last upload; call right before submitting the batch that reads them. */
  upload(queue: GPUQueue): void {
    for (let c = 0; c * SLOTS_PER_CHUNK < this.used; c++) {
      const slots = Math.min(SLOTS_PER_CHUNK, this.used - c * SLOTS_PER_CHUNK);
      queue.writeBuffer(this.chunks[c].buffer, 0, this.chunks[c].bytes, 0, slots * this.slotBytes);
    }
    this.used = 0;
  }

  destroy(): void {
    for (const c of this.chunks) c.buffer.destroy();
    this.chunks.length = 0;
  }
}
