// Start-up timeline marks (issue #17 goal 7): a named span in the User Timing buffer of whichever thread runs it
// (page or worker), so tests/e2e/perf.spec.ts can read where a first visit's time goes. Costs nothing measurable and
// never throws (Node and old browsers without performance.mark/measure just skip it).
// The spans are for start-up: every engine call is wrapped, and the browser keeps each measure until it is cleared,
// so after this many a long session stops adding to the buffer.
const MAX_SPANS = 500;
let recorded = 0;

export function markSpan<T>(name: string, running: T | Promise<T>): Promise<T> {
  // A plain value is a span that ended at once (some engine handlers answer synchronously).
  const work = Promise.resolve(running);
  const perf = (globalThis as { performance?: Performance }).performance;
  if (!perf?.mark || !perf.measure || recorded >= MAX_SPANS) return work;
  recorded++;
  const start = perf.now();
  const done = () => {
    try {
      perf.measure(`tbt:${name}`, { start, end: perf.now() });
    } catch {
      // A browser without measure options: the span is simply not recorded.
    }
  };
  work.then(done, done);
  return work;
}
