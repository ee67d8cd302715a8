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

/** SHA-256 of the bytes as hex: how the lab recognises the same file imported twice. */
export async function contentHash(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)); // a view: accepted across realms (jsdom)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
