// How a checkpoint becomes an entry of the lab: the engine's summary of the file joined with the lab's record.
// A file's metadata is free text written by whoever made the file, so each field is checked here and an odd one
// (a label that is an object, a loss that is a string) is replaced, never handed to the interface as it is.
import type { TrainingMeta } from '../../engine/train/checkpoint';
import type { CheckpointSummary } from '../../workers/protocol';
import { SHIPPED_KEY, type LabCheckpoint } from '../slices/lab';
import type { LanguageModelRecord } from './records';

const text = (v: unknown, max = 500) => (typeof v === 'string' ? v.slice(0, max) : '');
const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The file's training metadata with every field of the type it claims. */
export function checkedMeta(meta: unknown): TrainingMeta {
  const m = (typeof meta === 'object' && meta !== null ? meta : {}) as Record<string, unknown>;
  const notes = m.notes;
  return {
    kind: text(m.kind, 40),
    label: text(m.label),
    createdAt: text(m.createdAt, 40),
    iter: finite(m.iter) ?? 0,
    trainLoss: finite(m.trainLoss),
    valLoss: finite(m.valLoss),
    notes: typeof notes === 'object' && notes !== null && !Array.isArray(notes) ? (notes as Record<string, unknown>) : undefined,
  };
}

export function checkedSummary(summary: CheckpointSummary): CheckpointSummary {
  return { ...summary, meta: checkedMeta(summary.meta) };
}

/** The shipped model's entry: always present, never deleted. */
export function shippedEntry(summary: CheckpointSummary, hash: string): LabCheckpoint {
  const s = checkedSummary(summary);
  return {
    key: SHIPPED_KEY, label: 'Shipped base model', kind: 'base', parent: null, createdAt: s.meta.createdAt, isShipped: true,
    lossHistory: [], hash, summary: s,
  };
}

export function storedEntry(summary: CheckpointSummary, record: Omit<LanguageModelRecord, 'bytes'>): LabCheckpoint {
  const { key, label, kind, parent, createdAt, lossHistory, hash } = record;
  return { key, label, kind, parent, createdAt, isShipped: false, lossHistory, hash, summary: checkedSummary(summary) };
}
