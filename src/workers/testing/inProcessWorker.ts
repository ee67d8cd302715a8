// An in-process stand-in for the engine worker: the real engine host behind a WorkerPort, with switches to make
// it crash or hang, so the client's recovery can be tested without a browser.
import { createJsBackend } from '../../engine';
import type { WorkerPort } from '../engineClient';
import { createEngineHost } from '../engineHost';
import type { FromWorker, ToWorker } from '../protocol';

export class InProcessWorker implements WorkerPort {
  static created: InProcessWorker[] = [];
  /** While true, every message is swallowed both ways and nothing is answered (a hung worker). */
  isHung = false;
  isTerminated = false;
  readonly received: ToWorker[] = [];
  private readonly listeners: { type: string; listener: (event: never) => void }[] = [];
  private readonly host = createEngineHost(
    (message) => setTimeout(() => this.emit('message', { data: message } as MessageEvent<FromWorker>), 0),
    async () => ({
      backend: createJsBackend('float32'),
      report: { name: 'js', description: 'plain JavaScript', reason: 'test', options: [] },
    }),
  );

  constructor() {
    InProcessWorker.created.push(this);
  }

  postMessage(message: ToWorker): void {
    if (this.isTerminated) return;
    this.received.push(message);
    if (this.isHung) return;
    // Structured clone, as a real postMessage does: the caller's buffers stay usable.
    setTimeout(() => !this.isHung && !this.isTerminated && this.host.receive(structuredClone(message)), 0);
  }

  terminate(): void {
    this.isTerminated = true;
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.push({ type, listener });
  }

  /** Simulates an uncaught error that kills the worker. */
  crash(message = 'out of memory'): void {
    this.emit('error', { message, preventDefault() {} } as unknown as ErrorEvent);
  }

  private emit(type: string, event: unknown): void {
    if (this.isTerminated || (this.isHung && type === 'message')) return;
    for (const l of this.listeners) if (l.type === type) l.listener(event as never);
  }
}
