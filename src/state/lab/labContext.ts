// What every lab action shares: the storage and the shipped model's source (set once by configureLab), the
// status line, and failures put into words — a full quota with its sizes, never a silent loss.
import { useStore } from '../store';
import { contentHash, isBlob } from '../../workers/contentHash';
import { isQuotaError, type LabStorage } from './labStorage';

export { contentHash };

export interface LabDeps {
  storage: LabStorage;
  fetchShipped: (onProgress: (loaded: number, total: number) => void) => Promise<ArrayBuffer>;
}

let deps: LabDeps | null = null;

export function setLabDeps(d: LabDeps): void {
  deps = d;
}

export function labDeps(): LabDeps {
  if (!deps) throw new Error('The model lab is not configured.');
  return deps;
}

export function say(text: string, isError = false): void {
  useStore.setState({ labMessage: { text, isError } });
}

export function formatSize(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** How much this site stores and may store, where the browser says (navigator.storage.estimate). */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const estimate = await globalThis.navigator?.storage?.estimate?.();
    return estimate && typeof estimate.usage === 'number' && typeof estimate.quota === 'number'
      ? { usage: estimate.usage, quota: estimate.quota }
      : null;
  } catch {
    return null;
  }
}

/**
 * Why `what` could not be saved, in words. A full quota names the sizes; anything else gives the browser's
 * reason. Either way the reader learns that nothing was changed.
 */
export async function describeWriteFailure(what: string, error: unknown, bytesNeeded: number): Promise<string> {
  if (!isQuotaError(error)) return `${what} could not be saved in this browser (${(error as Error)?.message ?? String(error)}). Nothing was changed.`;
  const estimate = await storageEstimate();
  const used = estimate ? ` This site already uses ${formatSize(estimate.usage)} of the ${formatSize(estimate.quota)} the browser allows.` : '';
  return `${what} could not be saved: the browser's storage for this site is full (it needs ${formatSize(bytesNeeded)}).${used} Delete or export something in the model lab, then try again. Nothing was changed.`;
}

/** Thrown by lab actions with a message meant for the reader. */
export class LabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabError';
  }
}

/**
 * Past this size a checkpoint is kept as a Blob, in storage and on its way to the engine, not as bytes. IndexedDB
 * keeps a stored Blob in a file of its own on disk (Chromium), and reading the record back gives a handle to it, not
 * its bytes; the engine reads it to build the model and keeps the Blob to build it again (a backend switch), and so
 * does the page's record of what to replay into a restarted engine. A 124M GPT-2's 250 MB float16 file is then never
 * held in the tab beside its model; smaller ones keep their bytes, rebuilt at once on a backend switch.
 */
export const BLOB_ABOVE_BYTES = 64 * 2 ** 20;

/** A checkpoint file as the lab keeps it: past BLOB_ABOVE_BYTES a Blob of the bytes, else the bytes themselves. */
export function keptFile(file: ArrayBuffer | Blob): ArrayBuffer | Blob {
  return !isBlob(file) && file.byteLength > BLOB_ABOVE_BYTES ? new Blob([file]) : file;
}

/** What loadCheckpoint is given for a checkpoint file: a Blob as it is (or the bytes past BLOB_ABOVE_BYTES as one), else the bytes. */
export function checkpointFile(file: ArrayBuffer | Blob): { bytes: ArrayBuffer } | { blob: Blob } {
  const kept = keptFile(file);
  return isBlob(kept) ? { blob: kept } : { bytes: kept };
}

/** The file's bytes: read from a Blob (an export, a lab file), as they are otherwise. */
export async function fileBytes(file: ArrayBuffer | Blob): Promise<ArrayBuffer> {
  return isBlob(file) ? await file.arrayBuffer() : file;
}
