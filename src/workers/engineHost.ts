// The worker side of the protocol, free of worker globals so tests drive it directly: it looks each request's
// method up in the handler list, checks its parameters against the method's schema, runs it in the method's lane,
// forwards progress, answers with one result or error per id, honours cancels and answers pings.
import { createJsBackend } from '../engine';
import { selectBackend } from '../engine/backends/select';
import { runSpan } from '../engine/perfMark';
import { EngineState, InputError } from './engineState';
import { handlers } from './handlers';
import type { AnyMethod, ChooseBackend, HostServices, MakeBackend } from './handlers/method';
import type { EngineErrorInfo, FromWorker, RequestMessage, ToWorker } from './protocol';

export type { ChooseBackend, MakeBackend } from './handlers/method';
export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** A fresh backend of one kind, for the parity check (the selector with the reader's choice forced). */
const defaultMakeBackend: MakeBackend = async (name) => {
  if (name === 'js') return createJsBackend('float32');
  const { backend } = await selectBackend(name);
  if (backend.name !== name) {
    backend.dispose();
    throw new Error(`${name} is not available in this browser`);
  }
  return backend;
};

export function errorInfo(error: unknown): EngineErrorInfo {
  if (error instanceof Error || error instanceof DOMException) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Typed arrays and snapshots inside a result travel without copying. */
function transferablesOf(value: unknown): Transferable[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (v instanceof ArrayBuffer) out.add(v);
    else if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
    } else for (const item of Array.isArray(v) ? v : Object.values(v)) visit(item, depth + 1);
  };
  visit(value, 0);
  return [...out];
}

const methods: Record<string, AnyMethod> = handlers;

export function createEngineHost(post: Post, chooseBackend: ChooseBackend, makeBackend: MakeBackend = defaultMakeBackend) {
  const state = new EngineState();
  const running = new Map<number, AbortController>();

  // Requests in the `queue` and `exclusive` lanes run one at a time, in order, so a backend switch never races a
  // forward pass. `beside` runs (training) start in order but then run beside the queue, so other chapters stay live.
  let queue: Promise<void> = Promise.resolve();
  let besideRuns = 0;

  // A lost GPU device: rebuild every model from its bytes on the next backend and tell the page.
  function onBackendLost(reason: string): void {
    queue = queue.then(async () => {
      try {
        const { backend, report } = await chooseBackend('wasm', () => {}, () => {});
        const changed = { ...report, reason: `WebGPU stopped (${reason}), so ${report.reason}` };
        await state.switchBackend(backend, changed);
        post({ kind: 'event', event: { type: 'backendChanged', report: changed } });
      } catch (error) {
        post({ kind: 'event', event: { type: 'backendChanged', report: { ...state.report!, reason: `WebGPU stopped and no other backend started: ${errorInfo(error).message}` } } });
      }
    });
  }
  const host: HostServices = { chooseBackend, makeBackend, onBackendLost };

  async function answer(message: RequestMessage, spec: AnyMethod, controller: AbortController): Promise<void> {
    const { id } = message;
    try {
      if (controller.signal.aborted) throw new DOMException('Cancelled before it started.', 'AbortError');
      if (spec.lane === 'exclusive' && besideRuns > 0) throw new InputError(spec.busyMessage ?? 'Stop the training first.');
      const params = spec.params.parse(message.params, 'params');
      post({ kind: 'started', id, retry: spec.retry });
      const progress = (p: unknown) => post({ kind: 'progress', id, progress: p }, transferablesOf(p));
      const result = await runSpan(`engine ${message.method}`, () => spec.run(params, { state, signal: controller.signal, progress, host }));
      post({ kind: 'result', id, result }, transferablesOf(result));
    } catch (error) {
      post({ kind: 'error', id, error: errorInfo(error) });
    } finally {
      running.delete(id);
    }
  }

  function receive(message: ToWorker): void {
    if (message.kind === 'ping') return post({ kind: 'pong', seq: message.seq });
    if (message.kind === 'cancel') return running.get(message.id)?.abort();
    const spec = Object.prototype.hasOwnProperty.call(methods, message.method) ? methods[message.method] : undefined;
    if (!spec) {
      const known = Object.keys(methods).join(', ');
      return post({ kind: 'error', id: message.id, error: { name: 'InputError', message: `The engine has no method "${String(message.method)}"; it knows ${known}.` } });
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    const run = () => answer(message, spec, controller);
    switch (spec.lane) {
      case 'queue':
      case 'exclusive':
        queue = queue.then(run);
        break;
      case 'beside':
        // It starts after the requests before it (its checkpoint may still be loading) but holds up none after it.
        besideRuns++;
        void queue.then(run).finally(() => besideRuns--);
        break;
      case 'free':
        void run();
        break;
    }
  }

  return { receive, state };
}
