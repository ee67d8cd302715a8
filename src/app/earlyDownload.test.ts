import { describe, expect, it, vi } from 'vitest';
import { startEarlyDownload, type FetchModel } from './earlyDownload';

/** A fetch whose progress and answer the test drives by hand. */
function manualFetch() {
  const calls: Array<{ onProgress: (loaded: number, total: number) => void; resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void }> = [];
  const fetchModel: FetchModel = (onProgress) => new Promise((resolve, reject) => calls.push({ onProgress, resolve, reject }));
  return { calls, fetchModel };
}

describe('startEarlyDownload', () => {
  it('starts the download at once, before anyone asks for the bytes', () => {
    const { calls, fetchModel } = manualFetch();
    startEarlyDownload(fetchModel);
    expect(calls).toHaveLength(1);
  });

  it('hands the running download to the first caller, with the progress so far and every report after', async () => {
    const { calls, fetchModel } = manualFetch();
    const take = startEarlyDownload(fetchModel);
    calls[0].onProgress(10, 100);
    calls[0].onProgress(40, 100);
    const progress = vi.fn();
    const bytes = take(progress);
    expect(progress).toHaveBeenLastCalledWith(40, 100);
    calls[0].onProgress(100, 100);
    expect(progress).toHaveBeenLastCalledWith(100, 100);
    const buffer = new ArrayBuffer(8);
    calls[0].resolve(buffer);
    await expect(bytes).resolves.toBe(buffer);
    expect(calls).toHaveLength(1);
  });

  it('passes a failure to the caller, and a second call fetches anew', async () => {
    const { calls, fetchModel } = manualFetch();
    const take = startEarlyDownload(fetchModel);
    calls[0].reject(new Error('offline'));
    await expect(take(() => {})).rejects.toThrow('offline');
    const retry = take(() => {});
    expect(calls).toHaveLength(2);
    const buffer = new ArrayBuffer(4);
    calls[1].resolve(buffer);
    await expect(retry).resolves.toBe(buffer);
  });
});
