// The safetensors format, read tensor by tensor: an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range in the data that follows, then the raw little-endian data. Reading goes
// through a ByteSource, so a browser reads a File slice by slice and never holds a second copy of a large file.
import { widenHalves } from '../../train/float16';

/** Random access to a file's bytes: a File or Blob in the browser, a buffer in Node and the tests. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Fills `into` with the bytes from `offset` on and answers them as a view with into's offset and length. The view
   * may lie on a new ArrayBuffer (a stream read moves memory it fills, detaching the old buffer without a copy): use
   * the answer, and its buffer, from then on. Lets a loader reuse one scratch buffer instead of a new one per read.
   */
  readInto(offset: number, into: Uint8Array): Promise<Uint8Array>;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`not a readable safetensors file: ${message}`);
    this.name = 'SafetensorsError';
  }
}

export type SafetensorsDType = 'F32' | 'F16' | 'BF16';
const BYTES_PER: Record<SafetensorsDType, number> = { F32: 4, F16: 2, BF16: 2 };

export interface TensorEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Absolute byte offset of the tensor's data in the file, and its length. */
  offset: number;
  length: number;
}

export interface SafetensorsHeader {
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_HEADER_BYTES = 100 * 1024 * 1024; // the format's own limit

/** Reads and checks the header: every tensor's range lies in the file and matches its dtype and shape. */
export async function readSafetensorsHeader(src: ByteSource): Promise<SafetensorsHeader> {
  if (src.size < 8) throw new SafetensorsError(`the file has ${src.size} bytes, fewer than the 8 of the header length`);
  const lengthBytes = await src.read(0, 8);
  const headerLength = Number(new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > src.size) {
    throw new SafetensorsError(`the header claims ${headerLength} bytes but the file has ${src.size}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await src.read(8, headerLength)));
  } catch (e) {
    throw new SafetensorsError(`its header is not JSON (${(e as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new SafetensorsError('its header is not a JSON object');
  const dataStart = 8 + headerLength, dataLength = src.size - dataStart;
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    tensors.set(name, checkEntry(name, value, dataStart, dataLength));
  }
  return { tensors, metadata };
}

function checkEntry(name: string, value: unknown, dataStart: number, dataLength: number): TensorEntry {
  const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof v?.dtype !== 'string') throw new SafetensorsError(`tensor "${name}" has no dtype`);
  if (!(v.dtype in BYTES_PER)) {
    throw new SafetensorsError(`tensor "${name}" is ${v.dtype}; only float32 (F32), float16 (F16) and bfloat16 (BF16) weights can be read`);
  }
  const dtype = v.dtype as SafetensorsDType;
  const shape = v.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new SafetensorsError(`tensor "${name}" has no valid shape`);
  const offsets = v.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
    throw new SafetensorsError(`tensor "${name}" has no valid data_offsets`);
  }
  const [begin, end] = offsets as [number, number];
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (end - begin !== count * BYTES_PER[dtype]) {
    throw new SafetensorsError(`tensor "${name}" (${dtype}, shape ${shape.join('×')}) should take ${count * BYTES_PER[dtype]} bytes, not ${end - begin}`);
  }
  if (end > dataLength) {
    throw new SafetensorsError(`the file is truncated: tensor "${name}" ends at byte ${dataStart + end} but the file has ${dataStart + dataLength}`);
  }
  return { name, dtype, shape: shape as number[], offset: dataStart + begin, length: end - begin };
}

/** One tensor's values as float32 (float16 and bfloat16 widened exactly). */
export async function readTensor(src: ByteSource, entry: TensorEntry): Promise<Float32Array> {
  const bytes = await src.read(entry.offset, entry.length);
  if (entry.dtype === 'F32' && LITTLE_ENDIAN) {
    // The bytes are the values: take a slice read for us as it is, copy a view into someone else's buffer.
    const isOwn = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    return new Float32Array(isOwn ? bytes.buffer : bytes.slice().buffer);
  }
  return decodeValues(bytes, entry.dtype, new Float32Array(entry.length / BYTES_PER[entry.dtype]));
}

/**
 * The values of little-endian `bytes` of one dtype as float32: float32 bytes at an aligned offset on a
 * little-endian machine are returned as a view (no copy); anything else is decoded into `out`, at least as long as
 * the values (float16 and bfloat16 widened exactly).
 */
export function decodeValues(bytes: Uint8Array, dtype: SafetensorsDType, out: Float32Array): Float32Array {
  const n = bytes.byteLength / BYTES_PER[dtype];
  if (dtype === 'F32' && LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n);
  const values = out.subarray(0, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'F32') for (let i = 0; i < n; i++) values[i] = view.getFloat32(4 * i, true);
  else if (dtype === 'F16') widenHalves(bytes, values);
  else {
    // bfloat16 is the top half of a float32: shift its bits up and read them back as one.
    const bits = new Uint32Array(values.buffer, values.byteOffset, n);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  }
  return values;
}

/** Bytes per value of a dtype. */
export const bytesPerValue = (dtype: SafetensorsDType): number => BYTES_PER[dtype];

/** A ByteSource over bytes already in memory (Node, tests, a small dropped file). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
    readInto: async (offset, into) => {
      into.set(bytes.subarray(offset, offset + into.byteLength));
      return into;
    },
  };
}

/**
 * A ByteSource over a Blob or File: each read is one slice, so the file is never copied whole. `readInto` streams
 * the slice into the caller's buffer (a BYOB reader), so reading a 500 MB file in 4 MB slices leaves no 4 MB
 * buffer per slice for the garbage collector: in Chromium those piled up to a few hundred MB while a 124M model
 * opened. Where a Blob's stream cannot be read that way, it falls back to one arrayBuffer() per slice.
 */
export function blobSource(blob: Blob): ByteSource {
  const read = async (offset: number, length: number) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
  return {
    size: blob.size,
    read,
    readInto: async (offset, into) => {
      const { byteOffset: start, byteLength: length } = into; // a detached view reads 0 for both, so kept now
      let reader: ReadableStreamBYOBReader;
      try {
        reader = blob.slice(offset, offset + length).stream().getReader({ mode: 'byob' });
      } catch {
        into.set(await read(offset, length));
        return into;
      }
      let buffer = into.buffer as ArrayBuffer;
      let filled = 0;
      try {
        while (filled < length) {
          const { value, done } = await reader.read(new Uint8Array(buffer, start + filled, length - filled));
          if (done || !value) break;
          buffer = value.buffer as ArrayBuffer;
          filled += value.byteLength;
        }
      } finally {
        reader.releaseLock();
      }
      if (filled < length) throw new SafetensorsError(`the file ended after ${offset + filled} of the ${offset + length} bytes read`);
      return new Uint8Array(buffer, start, length);
    },
  };
}

/**
 * Reads ranges of `src` slice by slice through one buffer kept across calls: each call hands `use` every slice of
 * `length` bytes from `offset`, with its place in the range. A slice is valid only until `use` returns (the next
 * read reuses the buffer, which readInto may have moved to a new ArrayBuffer: the buffer follows it).
 */
export function sliceReader(src: ByteSource, sliceBytes: number) {
  let scratch = new Uint8Array(sliceBytes);
  return async (offset: number, length: number, use: (bytes: Uint8Array, at: number) => void): Promise<void> => {
    for (let at = 0; at < length; at += sliceBytes) {
      const bytes = await src.readInto(offset + at, scratch.subarray(0, Math.min(sliceBytes, length - at)));
      scratch = new Uint8Array(bytes.buffer as ArrayBuffer);
      use(bytes, at);
    }
  };
}
