// Type checks of a checkpoint header's fields, before anything is built from them: JSON.parse accepts any value
// where a number or a string belongs, and a field of the wrong type would surface much later as a confusing error
// in the UI (a label that is an object, a loss that is a string). Each message names the field and what it holds.
import type { TrainingMeta } from './checkpoint';

/** What a value is, in words, for messages: 'a string', 'an object', 'null'. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Returns the metadata, or the first problem in words ("meta.label must be a string, not an object"). */
export function checkMeta(meta: unknown): TrainingMeta | string {
  if (!isRecord(meta)) return `meta must be an object, not ${kindOf(meta)}`;
  for (const field of ['kind', 'label', 'createdAt'] as const) {
    if (typeof meta[field] !== 'string') return `meta.${field} must be a string, not ${kindOf(meta[field])}`;
  }
  if (typeof meta.iter !== 'number' || !Number.isInteger(meta.iter) || meta.iter < 0) {
    return `meta.iter must be a whole number ≥ 0, not ${typeof meta.iter === 'number' ? meta.iter : kindOf(meta.iter)}`;
  }
  for (const field of ['trainLoss', 'valLoss'] as const) {
    if (meta[field] === null) delete meta[field]; // a NaN loss is written as null by JSON: no figure to show
    if (meta[field] !== undefined && typeof meta[field] !== 'number') return `meta.${field} must be a number, not ${kindOf(meta[field])}`;
  }
  if (meta.notes !== undefined && !isRecord(meta.notes)) return `meta.notes must be an object, not ${kindOf(meta.notes)}`;
  return meta as unknown as TrainingMeta;
}

export interface TensorEntry { name: string; shape: number[]; dtype: 'float32' | 'float16'; offset: number; bytes: number }

/** Returns the entry, or the problem in words; `dataBytes` is the length of the data section. */
export function checkTensorEntry(e: unknown, dataBytes: number): TensorEntry | string {
  if (!isRecord(e)) return `an entry of the tensor table is ${kindOf(e)}, not an object`;
  if (typeof e.name !== 'string' || e.name.length === 0) return `a tensor's name must be a non-empty string, not ${kindOf(e.name)}`;
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) return `tensor "${e.name}" has a shape that is not a list of whole numbers`;
  const count = shape.reduce((p: number, d: number) => p * d, 1);
  const width = e.dtype === 'float16' ? 2 : e.dtype === 'float32' ? 4 : 0;
  if (width === 0) return `tensor "${e.name}" has dtype ${JSON.stringify(e.dtype) ?? 'missing'}; float32 and float16 are known`;
  const { offset, bytes } = e;
  if (typeof offset !== 'number' || typeof bytes !== 'number' || bytes !== count * width || !Number.isInteger(offset) ||
    offset < 0 || offset % 2 !== 0 || offset + bytes > dataBytes) {
    return `tensor "${e.name}" has an inconsistent entry in the table`;
  }
  return e as unknown as TensorEntry;
}
