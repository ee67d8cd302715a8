// How a worker method describes itself: its parameters (a schema, checked at the worker boundary), the lane it
// runs in, whether a restarted worker may run it again, and the function that does the work. Each method lives in
// one file under handlers/ and `handlers/index.ts` lists them all; the host dispatches from that list and
// protocol.ts derives every method's types from it, so adding a method touches its own file and one line.
import type { Backend, BackendName } from '../../engine';
import type { EngineState } from '../engineState';
import type { BackendChoice, BackendReport } from './setBackend';
import type { Schema } from '../schema';

/**
 * Where a request runs in the worker:
 * - `queue`: one at a time, in order (most calls: a forward pass never races a backend switch);
 * - `beside`: starts after the requests before it, then runs beside the queue, yielding between steps (training);
 * - `free`: touches no model and no backend, so it starts at once (word2vec on a text);
 * - `exclusive`: in the queue, and refused while a `beside` run uses the engine (a backend switch).
 */
export type Lane = 'queue' | 'beside' | 'free' | 'exclusive';

export type ChooseBackend = (
  choice: BackendChoice,
  progress: (message: string) => void,
  /** Called if the chosen backend stops working later (a lost GPU device). */
  onLost: (reason: string) => void,
) => Promise<{ backend: Backend; report: BackendReport }>;

/** A fresh backend of one kind (the parity check; a training run's refuge when its GPU is lost). */
export type MakeBackend = (name: BackendName) => Promise<Backend>;

/** What the host lends a handler besides the engine state. */
export interface HostServices {
  chooseBackend: ChooseBackend;
  makeBackend: MakeBackend;
  /** Moves every model to another backend after the GPU device was lost (the host queues it). */
  onBackendLost: (reason: string) => void;
}

export interface HandlerContext<Progress = never> {
  state: EngineState;
  /** Aborted when the page cancels the request. */
  signal: AbortSignal;
  /** Sends a progress event to the caller (typed arrays inside travel without copying). */
  progress: (event: Progress) => void;
  host: HostServices;
}

export interface MethodSpec<Out, In, Result, Progress> {
  lane: Lane;
  /** Whether a worker that crashed during this request may run it again (false for runs that stream state). */
  retry: boolean;
  params: Schema<Out, In>;
  /** For `exclusive` methods: why they are refused while a run is going on. */
  busyMessage?: string;
  run(params: Out, context: HandlerContext<Progress>): Result | Promise<Result>;
}

/** Declares a worker method; the types of its parameters, progress and result follow from the declaration. */
export function method<Out, In, Result, Progress = never>(spec: MethodSpec<Out, In, Result, Progress>): MethodSpec<Out, In, Result, Progress> {
  return spec;
}

// The spec shape with its types erased, for the host's dispatch table.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethod = MethodSpec<any, any, any, any>;
