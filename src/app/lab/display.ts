// Small helpers the lab panel shares: any stored value shown as plain text whatever its type (a crafted file's
// field must never break the page), dates and sizes in words, and handing a file to the browser's downloads.
import type { ExportedFile } from '../../state/lab/labTransfer';

/** A value as short text: strings as they are, finite numbers printed, anything else as a placeholder. */
export function asText(value: unknown, fallback = '(unnamed)'): string {
  if (typeof value === 'string') return value.length > 0 ? value : fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

export function asDate(value: unknown): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? 'an unknown date' : new Date(time).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function download({ fileName, blob }: ExportedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Runs a lab action from a button; a failure is put on the lab's status line instead of being lost. */
export async function attempt(action: () => Promise<unknown>, report: (text: string) => void): Promise<void> {
  try {
    await action();
  } catch (error) {
    report((error as Error)?.message ?? String(error));
  }
}
