// The real engine worker for the page (a module worker bundled by Vite, started early: earlyWorker.ts), behind the
// restarting client.
import { takeEngineWorker } from './earlyWorker';
import { EngineClient, type EngineHealth, type WorkerPort } from './engineClient';
import type { EngineEvent } from './protocol';

export function createBrowserEngine(onHealth: (health: EngineHealth) => void, onEvent: (event: EngineEvent) => void): EngineClient {
  return new EngineClient({
    onEvent,
    createWorker: () => takeEngineWorker() as unknown as WorkerPort,
    onHealth,
  });
}
