// Checkpoint files made for the lab's end-to-end tests from the shipped one: the same model under other metadata
// (so its bytes, and its content hash, differ from the shipped file's), including metadata of the wrong types.
import { decodeCheckpoint, encodeCheckpoint } from '../../src/engine/train/checkpoint';

/** The checkpoint with its metadata fields replaced by `meta`, whatever their types. */
export function withMeta(checkpoint: Uint8Array, meta: Record<string, unknown>): Buffer {
  const contents = decodeCheckpoint(checkpoint);
  contents.meta = { ...contents.meta, ...meta } as typeof contents.meta;
  return Buffer.from(encodeCheckpoint(contents, { dtype: 'float16' }));
}
