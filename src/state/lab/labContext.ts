// What every lab action shares: the storage and the shipped model's source (set once by configureLab), the
// status line, and failures put into words — a full quota with its sizes, never a silent loss.
import { useStore } from '../store';
import { isQuotaError, type LabStorage } from './labStorage';

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
 * Past this size a checkpoint goes to the engine as a Blob, not as bytes: the engine reads it to build the model
 * and keeps the Blob (the browser holds a Blob's bytes outside the tab and may page them to disk), and so does the
 * page's record of what to replay into a restarted engine. A 124M GPT-2's 250 MB float16 file is then not held
 * twice in the tab beside its model; smaller ones keep their bytes, rebuilt at once on a backend switch.
 */
export const BLOB_ABOVE_BYTES = 64 * 2 ** 20;

/** What loadCheckpoint is given for `bytes`: the bytes, or past BLOB_ABOVE_BYTES a Blob of them. */
export function checkpointFile(bytes: ArrayBuffer): { bytes: ArrayBuffer } | { blob: Blob } {
  return bytes.byteLength > BLOB_ABOVE_BYTES ? { blob: new Blob([bytes]) } : { bytes };
}

/** SHA-256 of the bytes as hex: how the lab recognises the same file imported twice. */
export async function contentHash(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)); // a view: accepted across realms (jsdom)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
