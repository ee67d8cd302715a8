// Start-up timeline marks (issue #17 goal 7): a named span in the User Timing buffer of whichever thread runs it
// (page or worker), so tests/e2e/perf.spec.ts can read where a first visit's time goes. Costs nothing measurable and
// never throws (Node and old browsers without performance.mark/measure just skip it).
// The spans are for start-up: every engine call is wrapped, and the browser keeps each measure until it is cleared,
// so after this many a long session stops adding to the buffer.
const MAX_SPANS = 500;
let recorded = 0;

export function markSpan<T>(name: string, running: T | Promise<T>): Promise<T> {
  return span(name, now(), Promise.resolve(running));
}

/**
 * markSpan for work started here, timed from before `run` is called: an async function does its work up to its
 * first await synchronously (the engine's loadCheckpoint does all of it), which markSpan would not see.
 */
export function runSpan<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const start = now();
  let work: Promise<T>;
  try {
    work = Promise.resolve(run());
  } catch (error) {
    work = Promise.reject(error);
  }
  return span(name, start, work);
}

/** A span from this thread's time origin (a worker's creation) to now: how long it took to start running code. */
export function markSinceOrigin(name: string): void {
  void span(name, 0, Promise.resolve());
}

const perf = () => (globalThis as { performance?: Performance }).performance;
const now = () => perf()?.now?.() ?? 0;

function span<T>(name: string, start: number, work: Promise<T>): Promise<T> {
  const p = perf();
  if (!p?.mark || !p.measure || recorded >= MAX_SPANS) return work;
  recorded++;
  const done = () => {
    try {
      p.measure(`tbt:${name}`, { start, end: p.now() });
    } catch {
      // A browser without measure options: the span is simply not recorded.
    }
  };
  work.then(done, done);
  return work;
}
