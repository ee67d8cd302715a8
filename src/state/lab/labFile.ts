// The lab file (.tbtlab): the whole lab, or any part of it, as one file to keep or share. Layout (little-endian):
//   "TBTLAB\0\0" · u32 format version (1) · u32 manifest bytes · manifest JSON (UTF-8) · zero padding to 4 · data
// The manifest: { format: "token-by-token-lab", version: 1, exportedAt, checkpoints, tokenizers, ratings, runs }.
// Tokenizers, ratings and runs are their records (records.ts) as JSON. A checkpoint is its record without the
// bytes plus { offset, length }: where its .tbt file lies in the data section. Decoding checks everything — the
// signature, the version, every length, every record, every checkpoint's SHA-256 — before it returns anything,
// so a bad file is refused whole with the first reason found. (The engine then checks each checkpoint's bytes.)
import { MAX_CHECKPOINT_BYTES } from '../../engine/train/checkpoint';
import { contentHash, fileBytes } from './labContext';
import { checkCheckpoint, RECORD_CHECKS, type CheckpointRecord, type LabContents } from './records';

/** The lab's contents with every checkpoint's file as bytes, as a lab file holds them (storage may hold Blobs). */
export type LabFileContents = Omit<LabContents, 'checkpoints'> & { checkpoints: (CheckpointRecord & { bytes: ArrayBuffer })[] };

/** The contents with each checkpoint stored as a Blob read into bytes, ready for encodeLabFile. */
export async function inBytes(contents: LabContents): Promise<LabFileContents> {
  const checkpoints = await Promise.all(contents.checkpoints.map(async (c) => ({ ...c, bytes: await fileBytes(c.bytes) })));
  return { ...contents, checkpoints };
}

export const LAB_FILE_MAGIC = 'TBTLAB\0\0';
export const LAB_FILE_FORMAT = 'token-by-token-lab';
export const LAB_FILE_VERSION = 1;
/** Larger files are refused before they are read. */
export const MAX_LAB_FILE_BYTES = 1024 * 1024 * 1024;
const MAX_ITEMS = 100_000;

export class LabFileError extends Error {
  constructor(reason: string) {
    super(`This is not a usable lab file: ${reason}.`);
    this.name = 'LabFileError';
  }
}

export function isLabFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === LAB_FILE_MAGIC;
}

export function encodeLabFile(contents: LabFileContents, exportedAt = new Date().toISOString()): Uint8Array<ArrayBuffer> {
  let offset = 0;
  const checkpoints = contents.checkpoints.map(({ bytes, ...record }) => {
    const entry = { ...record, offset, length: bytes.byteLength };
    offset += (bytes.byteLength + 3) & ~3;
    return entry;
  });
  const manifest = { format: LAB_FILE_FORMAT, version: LAB_FILE_VERSION, exportedAt, checkpoints, tokenizers: contents.tokenizers, ratings: contents.ratings, runs: contents.runs };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const dataStart = (16 + manifestBytes.length + 3) & ~3;
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(LAB_FILE_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, LAB_FILE_VERSION, true);
  view.setUint32(12, manifestBytes.length, true);
  out.set(manifestBytes, 16);
  contents.checkpoints.forEach((c, i) => out.set(new Uint8Array(c.bytes), dataStart + checkpoints[i].offset));
  return out;
}

const describe = (what: string, index: number, item: unknown) => {
  const name = (item as { label?: unknown; name?: unknown } | null)?.label ?? (item as { name?: unknown } | null)?.name;
  return `${what} ${index + 1}${typeof name === 'string' && name ? ` (“${name.slice(0, 60)}”)` : ''}`;
};

/** Reads a lab file; throws LabFileError naming the first problem. Nothing is returned unless everything passed. */
export async function decodeLabFile(bytes: Uint8Array): Promise<LabFileContents> {
  if (bytes.length > MAX_LAB_FILE_BYTES) throw new LabFileError(`at ${bytes.length} bytes it is over the ${MAX_LAB_FILE_BYTES}-byte limit`);
  if (bytes.length < 16 || !isLabFile(bytes)) throw new LabFileError('it does not start with the lab file signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== LAB_FILE_VERSION) throw new LabFileError(`it is format version ${version}; this app reads version ${LAB_FILE_VERSION}`);
  const manifestLength = view.getUint32(12, true);
  if (16 + manifestLength > bytes.length) throw new LabFileError('it is truncated (the manifest runs past its end)');
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + manifestLength)));
  } catch {
    throw new LabFileError('its manifest is not valid JSON');
  }
  if (typeof manifest !== 'object' || manifest === null || manifest.format !== LAB_FILE_FORMAT) throw new LabFileError('its manifest is not a lab manifest');
  for (const list of ['checkpoints', 'tokenizers', 'ratings', 'runs']) {
    const items = manifest[list];
    if (!Array.isArray(items) || items.length > MAX_ITEMS) throw new LabFileError(`its list of ${list} is missing or too long`);
  }
  for (const [list, field] of [['checkpoints', 'key'], ['tokenizers', 'id'], ['ratings', 'id'], ['runs', 'id']] as const) {
    const keys = (manifest[list] as unknown[]).map((item) => (item as Record<string, unknown> | null)?.[field]);
    if (new Set(keys).size !== keys.length) throw new LabFileError(`two of its ${list} have the same ${field}`);
  }
  const data = bytes.subarray((16 + manifestLength + 3) & ~3);
  const checkpoints: LabFileContents['checkpoints'] = [];
  for (const [i, item] of (manifest.checkpoints as unknown[]).entries()) {
    const { offset, length, ...rest } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const isPlaced = Number.isInteger(offset) && Number.isInteger(length) && (offset as number) >= 0 && (length as number) > 0;
    if (!isPlaced || (offset as number) + (length as number) > data.length || (length as number) > MAX_CHECKPOINT_BYTES) {
      throw new LabFileError(`${describe('checkpoint', i, item)} points outside the file`);
    }
    const own = data.slice(offset as number, (offset as number) + (length as number)).buffer;
    // Strict: lab files are written by this version, so an unknown kind is an error, not an old name to map.
    const checked = checkCheckpoint({ ...rest, bytes: own });
    if (!checked.ok) throw new LabFileError(`${describe('checkpoint', i, item)}: ${checked.reason}`);
    const hash = await contentHash(own);
    if (checked.value.hash && checked.value.hash !== hash) throw new LabFileError(`${describe('checkpoint', i, item)} does not match its checksum (the file is corrupted)`);
    checkpoints.push({ ...checked.value, hash, bytes: own });
  }
  const checkAll = <S extends 'tokenizers' | 'ratings' | 'runs'>(list: S, what: string): LabContents[S] =>
    (manifest[list] as unknown[]).map((item, i) => {
      const checked = RECORD_CHECKS[list](item);
      if (!checked.ok) throw new LabFileError(`${describe(what, i, item)}: ${checked.reason}`);
      return checked.value;
    }) as LabContents[S];
  return { checkpoints, tokenizers: checkAll('tokenizers', 'tokenizer'), ratings: checkAll('ratings', 'rating'), runs: checkAll('runs', 'run') };
}
