// The engine worker, started by the page's first script (src/boot.ts) while React and the app's code still download:
// a worker takes a while to get going (its own thread, V8 heap and script), and the first figure waits for it.
// The engine client takes it over when the app starts; restarts create fresh ones.

let early: Worker | null = null;
let failedEarly = false;

function createEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}

/** Starts the worker now, before anyone listens; calling it again does nothing. */
export function startEngineWorker(): void {
  if (early || typeof Worker === 'undefined') return;
  early = createEngineWorker();
  // An error before the client listens (the script failed to load) would be lost: then the client gets a new one.
  early.addEventListener('error', () => (failedEarly = true), { once: true });
}

/** The early worker the first time (unless it already failed), a new one after that. */
export function takeEngineWorker(): Worker {
  const worker = early && !failedEarly ? early : null;
  if (early && !worker) early.terminate();
  early = null;
  return worker ?? createEngineWorker();
}
