// Builds a model from a checkpoint read in pieces (a Blob: a large checkpoint the lab keeps on disk) rather than
// from its bytes in memory: a 124M GPT-2's 250 MB float16 file would otherwise sit whole in memory beside the
// 475 MB model it fills, plus a float32 scratch the size of its token table (150 MB). Every piece is read into
// one reused buffer, the checksum first (nothing is built from a corrupted file), then each weight slice by slice,
// decoded into one reused array and written into its parameter where it belongs.
import { sliceReader, type ByteSource } from '../model/gpt2/safetensors';
import { checkFinite, CheckpointError, checkTensorTable, decodeStored, readCheckpointHeader } from './checkpoint';
import type { TensorEntry } from './checkpointHeader';
import { crc32 } from './crc32';
import { modelToFill, type LoadedModel } from './modelFile';

/** Bytes read at a time (a multiple of 4, so a slice never splits a value). */
const SLICE_BYTES = 4 * 2 ** 20;

/** Validates and builds, as loadModel does from bytes. Throws CheckpointError (nothing is built) on any problem. */
export async function loadModelFromSource(src: ByteSource, sliceBytes = SLICE_BYTES): Promise<LoadedModel> {
  const first = await src.read(0, Math.min(16, src.size));
  const headerLength = first.length >= 16 ? new DataView(first.buffer, first.byteOffset, 16).getUint32(12, true) : 0;
  const header = readCheckpointHeader(await src.read(0, Math.min(src.size, 16 + headerLength)), src.size);
  const eachSlice = sliceReader(src, sliceBytes);
  let crc = 0;
  await eachSlice(header.dataStart, src.size - header.dataStart, (bytes) => (crc = crc32(bytes, crc)));
  if (crc !== header.crc32) throw new CheckpointError('its data does not match its checksum (the file is truncated or corrupted)');

  const entries = new Map<string, TensorEntry>(checkTensorTable(header.table, src.size - header.dataStart).map((e) => [e.name, e]));
  const { model, tokenizer, adamNames } = modelToFill(header, (name) => entries.get(name)?.shape);
  try {
    const values = new Float32Array(sliceBytes / 2);
    const widthOf = (e: TensorEntry) => (e.dtype === 'float16' ? 2 : 4);
    for (const [name, p] of model.namedParameters()) {
      const e = entries.get(name)!;
      await eachSlice(header.dataStart + e.offset, e.bytes, (bytes, at) => {
        const decoded = decodeStored(bytes, e.dtype, values);
        checkFinite(name, decoded, at / widthOf(e));
        p.backend.write(p.buffer, decoded, at / widthOf(e));
      });
    }
    // Optimizer moments (a resumable training checkpoint) are kept as arrays, read whole, one after another (the
    // slices share one scratch buffer).
    const readWhole = async (name: string) => {
      const e = entries.get(name)!;
      const out = new Float32Array(e.bytes / widthOf(e));
      await eachSlice(header.dataStart + e.offset, e.bytes, (bytes, at) => {
        const decoded = decodeStored(bytes, e.dtype, out.subarray(at / widthOf(e)));
        checkFinite(name, decoded, at / widthOf(e));
      });
      return out;
    };
    const m: Float32Array[] = [], v: Float32Array[] = [];
    for (const n of adamNames) m.push(await readWhole(`adam.m.${n}`));
    for (const n of adamNames) v.push(await readWhole(`adam.v.${n}`));
    const optimizerState = adamNames.length === 0 ? null : { stepCount: Number(header.meta.notes?.adamStep ?? 0), m, v };
    return { model, tokenizer, meta: header.meta, optimizerState };
  } catch (e) {
    model.dispose(); // a value that is not finite, or a read that failed: nothing is kept
    throw e;
  }
}
