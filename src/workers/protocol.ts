// The envelope of the messages between the page and the engine worker: every request carries an id; the worker
// says when it starts one, answers with progress events, then exactly one result or error for that id. The page may
// cancel a request and pings the worker to know it is alive. The methods themselves, with their types, are the
// handlers (handlers/index.ts); this file only derives their types, so it imports nothing at run time.
import type { handlers } from './handlers';
import type { MethodSpec } from './handlers/method';
import type { BackendReport } from './handlers/setBackend';

export type { BackendChoice, BackendOption, BackendReport } from './handlers/setBackend';
export type { CheckpointSummary } from './handlers/loadCheckpoint';

type Handlers = typeof handlers;
export type MethodName = keyof Handlers;
/** What a caller sends (fields with defaults may be left out). */
export type ParamsOf<M extends MethodName> = Handlers[M] extends MethodSpec<infer _Out, infer In, infer _R, infer _P> ? In : never;
export type ResultOf<M extends MethodName> = Handlers[M] extends MethodSpec<infer _Out, infer _In, infer R, infer _P> ? Awaited<R> : never;
export type ProgressOf<M extends MethodName> = Handlers[M] extends MethodSpec<infer _Out, infer _In, infer _R, infer P> ? P : never;

export type RequestMessage = {
  [M in MethodName]: { kind: 'request'; id: number; method: M; params: ParamsOf<M> };
}[MethodName];

/** Page → worker. */
export type ToWorker = RequestMessage | { kind: 'cancel'; id: number } | { kind: 'ping'; seq: number };

export interface EngineErrorInfo {
  /** 'AbortError' when cancelled, 'CheckpointError' for a bad file, 'InputError' for unusable input, else 'Error'. */
  name: string;
  message: string;
}

/** Things the worker tells the page unasked. */
export type EngineEvent = { type: 'backendChanged'; report: BackendReport };

/** Worker → page. `started`: the request left the worker's queue and runs now (`retry`: its method may run again). */
export type FromWorker =
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'started'; id: number; retry: boolean }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: EngineErrorInfo }
  | { kind: 'pong'; seq: number };
