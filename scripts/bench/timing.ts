// Timing for the bench: warm up, then collect observations until both a minimum count and a minimum total time
// are reached, and summarise them as the median (the default: robust when other processes share the cores) or the
// best (the least disturbed run). Environment-neutral: runs in Node and in the browser bench page.

export type Statistic = 'median' | 'best';

export interface TimingOptions {
  /** Untimed runs first (JIT, caches, buffer pools). */
  warmup: number;
  /** Keep observing until this much time (ms) has been observed ... */
  minMs: number;
  /** ... and at least this many observations were made ... */
  minRuns: number;
  /** ... but never more than this many. */
  maxRuns: number;
}

export interface Timing {
  /** ms per unit (call, step, token) of each observation. */
  samples: number[];
  median: number;
  best: number;
}

export function summarise(samples: number[]): Timing {
  if (samples.length === 0) throw new Error('no timing samples were taken');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { samples, median, best: sorted[0] };
}

export function pick(t: Timing, stat: Statistic): number {
  return stat === 'best' ? t.best : t.median;
}

/**
 * Collects observations from `observe`, which does one round of work and returns its cost in ms per unit and the
 * ms it took in all (warm-up rounds call it too, and their results are dropped).
 */
export async function collect(observe: () => Promise<{ perUnit: number; total: number }>, o: TimingOptions): Promise<Timing> {
  for (let i = 0; i < o.warmup; i++) await observe();
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < o.maxRuns && (samples.length < o.minRuns || spent < o.minMs)) {
    const { perUnit, total } = await observe();
    samples.push(perUnit);
    spent += total;
  }
  return summarise(samples);
}

/**
 * Times a call that may be asynchronous. Short calls are grouped into batches of ≥ ~2 ms so the timer's
 * resolution and the `settle` await (webgpu: wait for queued work) are spread over many calls; each batch is one
 * observation of ms per call.
 */
export async function timeCalls(call: () => unknown, settle: () => Promise<void>, o: TimingOptions): Promise<Timing> {
  const once = async () => {
    const started = performance.now();
    const pending = call();
    if (pending instanceof Promise) await pending;
    await settle();
    return performance.now() - started;
  };
  let estimate = 0;
  for (let i = 0; i < Math.max(1, o.warmup); i++) estimate = await once(); // the last warm-up sizes the batches
  const perBatch = Math.max(1, Math.min(1000, Math.ceil(2 / Math.max(estimate, 1e-3))));
  return collect(async () => {
    const started = performance.now();
    for (let i = 0; i < perBatch; i++) {
      const pending = call();
      if (pending instanceof Promise) await pending;
    }
    await settle();
    const total = performance.now() - started;
    return { perUnit: total / perBatch, total };
  }, { ...o, warmup: 0 });
}
