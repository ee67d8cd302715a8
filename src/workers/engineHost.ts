// The worker side of the protocol, free of worker globals so tests drive it directly: it routes each request to
// its handler, forwards progress, answers with one result or error per id, honours cancels and answers pings.
import { createJsBackend, type Backend } from '../engine';
import { selectBackend } from '../engine/backends/select';
import { EngineState, InputError } from './engineState';
import { generate } from './handlers/generate';
import { inspect } from './handlers/inspect';
import { train } from './handlers/train';
import { rlhf } from './handlers/rlhf';
import { contextMap, embeddingMap, word2vec } from './handlers/embeddings';
import { attentionHead } from './handlers/attentionHead';
import { compareBackends, type MakeBackend } from './handlers/compareBackends';
import type { BackendChoice, BackendReport, EngineErrorInfo, FromWorker, RequestMessage, ToWorker } from './protocol';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;
export type ChooseBackend = (
  choice: BackendChoice,
  progress: (message: string) => void,
  /** Called if the chosen backend stops working later (a lost GPU device). */
  onLost: (reason: string) => void,
) => Promise<{ backend: Backend; report: BackendReport }>;

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

export function createEngineHost(post: Post, chooseBackend: ChooseBackend, makeBackend: MakeBackend = defaultMakeBackend) {
  const state = new EngineState();
  const running = new Map<number, AbortController>();

  async function run(message: RequestMessage, signal: AbortSignal): Promise<unknown> {
    const progress = (p: unknown) => post({ kind: 'progress', id: message.id, progress: p }, transferablesOf(p));
    switch (message.method) {
      case 'setBackend': {
        if (trainings > 0) throw new InputError('Stop the training first: a model cannot change backend while it trains.');
        const { backend, report } = await chooseBackend(message.params.choice, (text) => progress({ message: text }), fallBack);
        state.switchBackend(backend, report);
        return report;
      }
      case 'loadCheckpoint':
        return state.load(message.params.key, new Uint8Array(message.params.bytes));
      case 'unloadCheckpoint':
        return { unloaded: state.unload(message.params.key) };
      case 'inspect':
        return inspect(state, message.params);
      case 'generate':
        return generate(state, message.params, progress, signal);
      case 'train':
        return train(state, message.params, progress, signal, () => makeBackend('wasm').catch(() => makeBackend('js')));
      case 'rlhf':
        return rlhf(state, message.params, progress, signal);
      case 'attentionHead':
        return attentionHead(state, message.params);
      case 'contextMap':
        return contextMap(state, message.params);
      case 'embeddingMap':
        return embeddingMap(state, message.params);
      case 'word2vec':
        return word2vec(message.params, progress, signal);
      case 'compareBackends':
        if (trainings > 0) throw new InputError('Stop the training first: the comparison borrows the engine for a moment.');
        return compareBackends(state, message.params, (text) => progress({ message: text }), makeBackend);
    }
  }

  // A lost GPU device: rebuild every model from its bytes on the next backend and tell the page.
  function fallBack(reason: string): void {
    queue = queue.then(async () => {
      try {
        const { backend, report } = await chooseBackend('wasm', () => {}, () => {});
        const changed = { ...report, reason: `WebGPU stopped (${reason}), so ${report.reason}` };
        state.switchBackend(backend, changed);
        post({ kind: 'event', event: { type: 'backendChanged', report: changed } });
      } catch (error) {
        post({ kind: 'event', event: { type: 'backendChanged', report: { ...state.report!, reason: `WebGPU stopped and no other backend started: ${errorInfo(error).message}` } } });
      }
    });
  }

  // Requests run one at a time, in order, so a backend switch never races a forward pass. Training is the
  // exception, and so is RLHF: they yield between steps and run beside the queue, so the other chapters stay live.
  let queue: Promise<void> = Promise.resolve();
  let trainings = 0;

  async function answer(message: RequestMessage, controller: AbortController): Promise<void> {
    try {
      if (controller.signal.aborted) throw new DOMException('Cancelled before it started.', 'AbortError');
      const result = await run(message, controller.signal);
      post({ kind: 'result', id: message.id, result }, transferablesOf(result));
    } catch (error) {
      post({ kind: 'error', id: message.id, error: errorInfo(error) });
    } finally {
      running.delete(message.id);
    }
  }

  function receive(message: ToWorker): void {
    if (message.kind === 'ping') return post({ kind: 'pong', seq: message.seq });
    if (message.kind === 'cancel') return running.get(message.id)?.abort();
    const controller = new AbortController();
    running.set(message.id, controller);
    if (message.method === 'train' || message.method === 'rlhf') {
      // It starts after the requests before it (its checkpoint may still be loading) but holds up none after it.
      trainings++;
      void queue.then(() => answer(message, controller)).finally(() => trainings--);
    } else if (message.method === 'word2vec') {
      void queue.then(() => answer(message, controller)); // long, but it touches no model or backend
    } else {
      queue = queue.then(() => answer(message, controller));
    }
  }

  return { receive, state };
}

