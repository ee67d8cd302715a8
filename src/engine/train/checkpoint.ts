// The checkpoint file: one binary blob a reader can export, import and share. Layout (little-endian):
//   "TBTCKPT\0" · u32 version · u32 header bytes · header JSON (UTF-8) · zero padding to 4 · tensor data
// The header holds the config, the tokenizer, training metadata and a table of tensors (name, shape, dtype,
// offset, byte length) plus a CRC-32 of the data. Everything is checked before anything is built, so a
// truncated, corrupted, wrong-version or oversized file gives a clear error and changes nothing.
import { validateConfig, type FullGPTConfig, type GPTConfig } from '../model/gptConfig';
import { toHalf, widenHalves } from './float16';
import { crc32 } from './crc32';
import { checkMeta, checkTensorEntry, type TensorEntry } from './checkpointHeader';

export const CHECKPOINT_MAGIC = 'TBTCKPT\0';
export const CHECKPOINT_VERSION = 1;
/** Larger files are refused before parsing: far beyond any model a browser tab trains. */
export const MAX_CHECKPOINT_BYTES = 256 * 1024 * 1024;

export type StoredDType = 'float32' | 'float16';

/** How a model of `floats` weights is stored: float32, or float16 past the limit (GPT-2 124M, as the lab keeps it). */
export function modelDtypeFor(floats: number): StoredDType {
  return 4 * floats > MAX_CHECKPOINT_BYTES - 1_000_000 ? 'float16' : 'float32';
}

export interface TrainingMeta {
  /** What this checkpoint is in the reader's lab: shipped base, retrained base, sft, rlhf… */
  kind: string;
  label: string;
  createdAt: string;
  iter: number;
  trainLoss?: number;
  valLoss?: number;
  /** Anything else worth keeping (dataset, schedule, chars per token, backend). */
  notes?: Record<string, unknown>;
}

export interface CheckpointContents {
  config: GPTConfig;
  /** The tokenizer's JSON form (see tokenizer/types.ts). */
  tokenizer: unknown;
  meta: TrainingMeta;
  /** Named float tensors: parameters ("wte.weight"…) and optionally optimizer state ("adam.m.wte.weight"…). */
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
}

interface Header { config: FullGPTConfig; tokenizer: unknown; meta: TrainingMeta; tensors: TensorEntry[]; crc32: number }

export class CheckpointError extends Error {
  constructor(message: string) {
    super(`This is not a usable checkpoint: ${message}.`);
    this.name = 'CheckpointError';
  }
}

/** Serialises a checkpoint. Parameters may be stored as float16 (half the size; used for the shipped model). */
export function encodeCheckpoint(c: CheckpointContents, { dtype = 'float32' as StoredDType } = {}): Uint8Array {
  const file = layOut(c, [...c.tensors].map(([name, t]) => ({ name, shape: t.shape })), dtype);
  for (const [name, t] of c.tensors) file.write(name, t.data);
  return file.finish();
}

/** One tensor for writeCheckpoint: its name and shape now, its values when its turn comes. */
export interface TensorSource {
  name: string;
  shape: number[];
  values: () => Promise<Float32Array> | Float32Array;
}

/**
 * Writes a checkpoint tensor by tensor into the one buffer the file needs, so besides the file only one tensor's
 * values are in memory at a time (a 124M GPT-2 converted here never exists as a model or a second copy).
 * @example const bytes = await writeCheckpoint({ config, tokenizer, meta }, [{ name: 'wte.weight', shape, values: () => read('wte') }], { dtype: 'float16' })
 */
export async function writeCheckpoint(
  head: Omit<CheckpointContents, 'tensors'>, tensors: TensorSource[], { dtype = 'float32' as StoredDType, onTensor = (_name: string) => {} } = {},
): Promise<Uint8Array> {
  const file = layOut(head, tensors, dtype);
  for (const t of tensors) {
    file.write(t.name, await t.values());
    onTensor(t.name);
  }
  return file.finish();
}

/**
 * The same file as writeCheckpoint, made as a Blob tensor by tensor: each tensor is encoded 4 MB at a time into
 * one reused buffer and appended to the Blob (which copies it, and whose bytes the browser keeps outside the
 * JavaScript heap), so the file is never whole in memory and no buffer per tensor is left to the garbage collector.
 * What the worker hands the lab for a converted GPT-2 (250 MB in float16).
 */
export async function writeCheckpointBlob(
  head: Omit<CheckpointContents, 'tensors'>, tensors: TensorSource[], { dtype = 'float32' as StoredDType, sliceBytes = 4 * 2 ** 20 } = {},
): Promise<Blob> {
  const table = tableOf(head, tensors, dtype);
  const scratch = new Uint8Array(sliceBytes);
  let data = new Blob([]);
  let crc = 0;
  const append = (bytes: Uint8Array) => {
    crc = crc32(bytes, crc);
    data = new Blob([data, bytes as Uint8Array<ArrayBuffer>]);
  };
  for (const t of tensors) {
    const e = table.entries.get(t.name)!;
    const values = await t.values();
    const width = e.dtype === 'float16' ? 2 : 4;
    checkCount(e, values);
    for (let v0 = 0; v0 < values.length; v0 += sliceBytes / width) {
      const part = values.subarray(v0, v0 + sliceBytes / width);
      writeValues(new DataView(scratch.buffer), 0, { ...e, bytes: part.length * width }, part);
      append(scratch.subarray(0, part.length * width));
    }
    if (e.bytes % 4 !== 0) append(new Uint8Array(4 - (e.bytes % 4))); // the data section pads each tensor to 4 bytes
  }
  const start = new Uint8Array(table.dataStart);
  writeStart(start, table.headerLength, table.headerOf(crc));
  return new Blob([start, data]);
}

/**
 * The tensor table, known from the shapes, and the header, written last (it holds the data's CRC) and padded
 * with spaces to the length the longest CRC would take, so the data never moves. JSON allows the trailing spaces,
 * and readers of older files see nothing new.
 */
function tableOf(head: Omit<CheckpointContents, 'tensors'>, tensors: { name: string; shape: number[] }[], dtype: StoredDType) {
  const entries = new Map<string, TensorEntry>();
  let offset = 0;
  for (const { name, shape } of tensors) {
    const d: StoredDType = name.startsWith('adam.') ? 'float32' : dtype; // optimizer moments keep full precision
    const bytes = shape.reduce((a, b) => a * b, 1) * (d === 'float16' ? 2 : 4);
    entries.set(name, { name, shape, dtype: d, offset, bytes });
    offset += (bytes + 3) & ~3;
  }
  // The activation is always written, so a reader never has to guess it (files without it are the old tanh ones).
  const config: FullGPTConfig = { ...head.config, activation: head.config.activation ?? 'gelu' };
  const headerOf = (crc: number) => new TextEncoder().encode(JSON.stringify({ config, tokenizer: head.tokenizer, meta: head.meta, tensors: [...entries.values()], crc32: crc } satisfies Header));
  const headerLength = headerOf(0xffffffff).length;
  return { entries, headerOf, headerLength, dataStart: (16 + headerLength + 3) & ~3, dataBytes: offset };
}

/** Encodes one tensor's values at `offset` of `view` in its stored dtype, refusing a count its shape does not give. */
function writeValues(view: DataView, offset: number, e: TensorEntry, values: Float32Array): void {
  checkCount(e, values);
  if (e.dtype === 'float16') for (let i = 0; i < values.length; i++) view.setUint16(offset + 2 * i, toHalf(values[i]), true);
  else for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i], true);
}

function checkCount(e: TensorEntry, values: Float32Array): void {
  if (values.length * (e.dtype === 'float16' ? 2 : 4) !== e.bytes) throw new Error(`tensor "${e.name}" has ${values.length} values, not the ${e.shape.join('×')} announced`);
}

/** The signature, version, header length and header (padded with spaces) at the start of `out`. */
function writeStart(out: Uint8Array, headerLength: number, header: Uint8Array): void {
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  const view = new DataView(out.buffer, out.byteOffset);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, headerLength, true);
  out.fill(0x20, 16, 16 + headerLength); // spaces after the JSON
  out.set(header, 16);
}

/** Allocates the whole file once and fills it tensor by tensor (writeCheckpoint, encodeCheckpoint). */
function layOut(head: Omit<CheckpointContents, 'tensors'>, tensors: { name: string; shape: number[] }[], dtype: StoredDType) {
  const table = tableOf(head, tensors, dtype);
  const out = new Uint8Array(table.dataStart + table.dataBytes);
  const data = out.subarray(table.dataStart);
  const view = new DataView(out.buffer, table.dataStart);
  return {
    write: (name: string, values: Float32Array) => writeValues(view, table.entries.get(name)!.offset, table.entries.get(name)!, values),
    finish(): Uint8Array {
      writeStart(out, table.headerLength, table.headerOf(crc32(data)));
      return out;
    },
  };
}

/** Files written before the config recorded its activation all used GPT-2's tanh GELU (the shipped model does). */
function withLegacyActivation(config: GPTConfig): GPTConfig {
  const isObject = config !== null && typeof config === 'object' && !Array.isArray(config);
  return isObject && !('activation' in config) ? { ...config, activation: 'gelu_tanh' } : config;
}

/** A checkpoint checked whole except its values, each tensor decoded when asked (see openCheckpoint). */
export interface OpenedCheckpoint extends Omit<CheckpointContents, 'tensors'> {
  /** `read(into)` decodes into the start of `into` when given (a scratch reused across tensors), else a new array. */
  tensors: Map<string, { shape: number[]; read: (into?: Float32Array) => Float32Array }>;
}

// One loop per dtype, with no branch inside: the shipped model's ~1M weights are decoded while the reader waits
// for the first figure, by code the JIT has not warmed up yet.
function readHalves(view: DataView, offset: number, values: Float32Array): void {
  widenHalves(new Uint8Array(view.buffer, view.byteOffset + offset, 2 * values.length), values);
}

function readFloats(view: DataView, offset: number, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(offset + 4 * i, true);
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** Parses and validates a checkpoint; throws CheckpointError with the reason on any problem. */
export function decodeCheckpoint(bytes: Uint8Array, maxBytes = MAX_CHECKPOINT_BYTES): CheckpointContents {
  const opened = openCheckpoint(bytes, maxBytes);
  const tensors = new Map([...opened.tensors].map(([name, t]) => [name, { shape: t.shape, data: t.read() }]));
  return { ...opened, tensors };
}

/** A checkpoint's header, checked: what it holds, where its data starts, its tensor table (checkTensorTable) and the data's checksum. */
export interface CheckpointHeader extends Omit<CheckpointContents, 'tensors'> {
  dataStart: number;
  table: unknown[];
  crc32: number;
}

/**
 * Checks the signature, version, header and tensor table of a file of `fileSize` bytes whose first bytes are
 * `head` (at least up to the end of the header), without its data: a reader that fetches the data in pieces
 * (loadModelFromSource) checks the header before reading more.
 */
export function readCheckpointHeader(head: Uint8Array, fileSize: number, maxBytes = MAX_CHECKPOINT_BYTES): CheckpointHeader {
  if (fileSize > maxBytes) throw new CheckpointError(`the file is ${fileSize} bytes, over the ${maxBytes}-byte limit`);
  if (fileSize < 16 || head.length < 16) throw new CheckpointError('the file is too short to have a header');
  const magic = new TextDecoder().decode(head.subarray(0, 8));
  if (magic !== CHECKPOINT_MAGIC) throw new CheckpointError('it does not start with the Token by Token checkpoint signature');
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) throw new CheckpointError(`it is format version ${version}; this app reads version ${CHECKPOINT_VERSION}`);
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > Math.min(head.length, fileSize)) throw new CheckpointError('the file is truncated (the header runs past its end)');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(16, 16 + headerLength)));
  } catch {
    throw new CheckpointError('its header is not valid JSON');
  }
  if (!header || typeof header !== 'object' || !Array.isArray(header.tensors) || !header.meta) {
    throw new CheckpointError('its header lacks the tensor table or metadata');
  }
  const meta = checkMeta(header.meta);
  if (typeof meta === 'string') throw new CheckpointError(`its header is malformed: ${meta}`);
  if (typeof header.crc32 !== 'number') throw new CheckpointError('its header has no checksum');
  let config: FullGPTConfig;
  try {
    config = validateConfig(withLegacyActivation(header.config));
  } catch (e) {
    throw new CheckpointError(`its model configuration is invalid (${(e as Error).message})`);
  }
  const dataStart = (16 + headerLength + 3) & ~3;
  return { config, tokenizer: header.tokenizer, meta, dataStart, table: header.tensors, crc32: header.crc32 };
}

/**
 * The tensor table's entries, each checked against the data section's length. Checked after the checksum, so a
 * truncated file is called truncated rather than inconsistent.
 */
export function checkTensorTable(table: unknown[], dataBytes: number): TensorEntry[] {
  const entries: TensorEntry[] = [];
  const names = new Set<string>();
  for (const entry of table) {
    const e = checkTensorEntry(entry, dataBytes);
    if (typeof e === 'string') throw new CheckpointError(e);
    if (names.has(e.name)) throw new CheckpointError(`tensor "${e.name}" appears twice in the table`);
    names.add(e.name);
    entries.push(e);
  }
  return entries;
}

/** Says why a tensor's decoded values cannot be weights (one not finite), if they cannot; `first` is the index of values[0]. */
export function checkFinite(name: string, values: Float32Array, first = 0): void {
  const bad = firstNonFinite(values);
  // A weight of NaN or ±Infinity would poison every output; the reader should hear it now, not see NaN later.
  if (bad >= 0) throw new CheckpointError(`tensor "${name}" holds ${values[bad]} at index ${first + bad}; weights must be finite numbers`);
}

/** Decodes a tensor's stored bytes (little-endian float32 or float16) into the start of `values`. */
export function decodeStored(bytes: Uint8Array, dtype: StoredDType, values: Float32Array): Float32Array {
  const count = bytes.length / (dtype === 'float16' ? 2 : 4);
  const out = values.subarray(0, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'float16') readHalves(view, 0, out);
  else readFloats(view, 0, out);
  return out;
}

/**
 * Checks a checkpoint's signature, header, tensor table and checksum, and leaves decoding each tensor to `read`
 * (which throws CheckpointError on a value that is not finite), so a model can be filled one tensor at a time
 * rather than next to a full float32 copy of its weights.
 */
export function openCheckpoint(bytes: Uint8Array, maxBytes = MAX_CHECKPOINT_BYTES): OpenedCheckpoint {
  const { config, tokenizer, meta, dataStart, table, crc32: crc } = readCheckpointHeader(bytes, bytes.length, maxBytes);
  const data = bytes.subarray(dataStart);
  if (crc32(data) !== crc) throw new CheckpointError('its data does not match its checksum (the file is truncated or corrupted)');
  const entries = checkTensorTable(table, data.length);
  const tensors: OpenedCheckpoint['tensors'] = new Map();
  for (const e of entries) {
    const read = (into?: Float32Array) => {
      const count = e.bytes / (e.dtype === 'float16' ? 2 : 4);
      const values = decodeStored(data.subarray(e.offset, e.offset + e.bytes), e.dtype, into && into.length >= count ? into : new Float32Array(count));
      checkFinite(e.name, values);
      return values;
    };
    tensors.set(e.name, { shape: e.shape, read });
  }
  return { config, tokenizer, meta, tensors };
}
