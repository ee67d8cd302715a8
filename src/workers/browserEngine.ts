// The real engine worker for the page (a module worker bundled by Vite), behind the restarting client.
import { EngineClient, type EngineHealth, type WorkerPort } from './engineClient';

export function createBrowserEngine(onHealth: (health: EngineHealth) => void): EngineClient {
  return new EngineClient({
    createWorker: () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' }) as unknown as WorkerPort,
    onHealth,
  });
}
