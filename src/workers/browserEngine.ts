// The real engine worker for the page (a module worker bundled by Vite), behind the restarting client.
import { EngineClient, type EngineHealth, type WorkerPort } from './engineClient';
import type { EngineEvent } from './protocol';

export function createBrowserEngine(onHealth: (health: EngineHealth) => void, onEvent: (event: EngineEvent) => void): EngineClient {
  return new EngineClient({
    onEvent,
    createWorker: () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' }) as unknown as WorkerPort,
    onHealth,
  });
}
