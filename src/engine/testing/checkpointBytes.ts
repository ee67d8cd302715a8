// Test helpers that edit a checkpoint file as a stranger's tool might: rewrite its JSON header (the data and its
// checksum untouched) or overwrite one stored float, to check that loading explains what is wrong.
import { CHECKPOINT_VERSION } from '../train/checkpoint';

function headerLength(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(12, true);
}

/** The same file with its header object edited. */
export function withEditedHeader(bytes: Uint8Array, edit: (header: Record<string, any>) => void): Uint8Array { // eslint-disable-line @typescript-eslint/no-explicit-any
  const length = headerLength(bytes);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + length)));
  edit(header);
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = (16 + length + 3) & ~3, newDataStart = (16 + headerBytes.length + 3) & ~3;
  const out = new Uint8Array(newDataStart + bytes.length - dataStart);
  out.set(bytes.subarray(0, 8));
  const view = new DataView(out.buffer);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, 16);
  out.set(bytes.subarray(dataStart), newDataStart);
  return out;
}

/** Byte offset of the data section, where the tensor table's offsets start. */
export function dataStart(bytes: Uint8Array): number {
  return (16 + headerLength(bytes) + 3) & ~3;
}
