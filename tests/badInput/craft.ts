// Crafted checkpoint files for the bad-input corpus, made from a good one by a script (this file): each keeps a
// valid checksum where the point is a semantic fault, so the fault itself must be caught, not the corruption.
import { decodeCheckpoint, encodeCheckpoint, type CheckpointContents } from '../../src/engine';

const encoder = new TextEncoder();

/** Rewrites the header JSON (any shape, even an invalid one) and re-stamps lengths; the data stays as it was. */
export function withHeader(good: ArrayBuffer, mutate: (header: Record<string, unknown>) => unknown): ArrayBuffer {
  const bytes = new Uint8Array(good);
  const view = new DataView(good);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)));
  const mutated = mutate(header) ?? header;
  const data = bytes.subarray((16 + headerLength + 3) & ~3);
  const headerBytes = encoder.encode(JSON.stringify(mutated));
  const dataStart = (16 + headerBytes.length + 3) & ~3;
  const out = new Uint8Array(dataStart + data.length);
  out.set(bytes.subarray(0, 12), 0);
  new DataView(out.buffer).setUint32(12, headerBytes.length, true);
  out.set(headerBytes, 16);
  out.set(data, dataStart);
  return out.buffer;
}

/** Rewrites the contents through the real encoder (valid checksum), e.g. to plant NaN weights. */
export function withContents(good: ArrayBuffer, mutate: (c: CheckpointContents) => void): ArrayBuffer {
  const contents = decodeCheckpoint(new Uint8Array(good));
  mutate(contents);
  return encodeCheckpoint(contents).slice().buffer as ArrayBuffer;
}

export function truncated(good: ArrayBuffer, keep: number): ArrayBuffer {
  return good.slice(0, keep);
}

export function flipped(good: ArrayBuffer, at: number): ArrayBuffer {
  const copy = new Uint8Array(good.slice(0));
  copy[at < 0 ? copy.length + at : at] ^= 0xff;
  return copy.buffer;
}
