// The shipped model's download, started before anything else needs it (issue #17 goal 7). The lab asks for the bytes
// only once storage is open, and opening IndexedDB took 0.3–0.7 s on the shared 2-core machine: the download needs no
// storage, so it runs beside the opening instead of after it. The lab's progress listener, attached later, is told
// the latest progress at once and every report after.
export type FetchModel = (onProgress: (loaded: number, total: number) => void) => Promise<ArrayBuffer>;

/** Starts `fetchModel` now; the returned function hands that download to its first caller, and fetches anew after. */
export function startEarlyDownload(fetchModel: FetchModel): FetchModel {
  let listener: ((loaded: number, total: number) => void) | null = null;
  let latest: [number, number] | null = null;
  const early = fetchModel((loaded, total) => {
    latest = [loaded, total];
    listener?.(loaded, total);
  });
  early.catch(() => {}); // a failure is reported to the caller that takes the download, not as an unhandled rejection
  let taken = false;
  return (onProgress) => {
    // A second call (the lab retrying, say) must not get the first, possibly failed, answer again.
    if (taken) return fetchModel(onProgress);
    taken = true;
    listener = onProgress;
    if (latest) onProgress(...latest);
    return early;
  };
}
