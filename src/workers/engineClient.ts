// The page side of the protocol. It numbers requests, routes progress and results back to their callers, cancels,
// and watches the worker: a worker that crashes (error event) or stops answering pings is terminated and a new
// one started. The client remembers the session (backend choice, loaded checkpoints) and replays it into the
// new worker, then re-sends the requests that were waiting, so callers see a delay, not a loss. A request that was
// running is re-sent once if its method allows it (the worker says so when it starts it) — except after a hang:
// the running request most likely caused it, so its caller is told instead of hanging the new worker too.
import type { EngineEvent, FromWorker, MethodName, ParamsOf, ProgressOf, ResultOf, ToWorker } from './protocol';

/** The parts of a Worker the client uses (a real Worker, or an in-process fake in tests). */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
}

export type EngineHealthState = 'starting' | 'ready' | 'failed';

export interface EngineHealth {
  state: EngineHealthState;
  restarts: number;
  /** What happened, in words for the reader, after a restart or a failure; null when there is nothing to tell. */
  notice: string | null;
}

export interface EngineClientOptions {
  createWorker: () => WorkerPort;
  /** How often to ping (ms). */
  heartbeatMs?: number;
  /** Silence longer than this counts as hung (ms). Long enough for one slow training step on the js backend. */
  hangAfterMs?: number;
  /** Restarts allowed within a minute before giving up. */
  maxRestartsPerMinute?: number;
  onHealth?: (health: EngineHealth) => void;
  /** Things the worker reports unasked (a backend change after a lost GPU). */
  onEvent?: (event: EngineEvent) => void;
}

export interface CallOptions<M extends MethodName> {
  onProgress?: (progress: ProgressOf<M>) => void;
  signal?: AbortSignal;
  /** Called when a running request is sent again to a restarted worker: its progress starts over. */
  onRetry?: () => void;
  /**
   * When the signal aborts, ask the worker to stop but wait for its answer instead of rejecting at once: a training
   * run answers a cancel with what it learned so far (a pause).
   */
  keepAnswerOnCancel?: boolean;
}

/** An error the worker reported for a request; `name` says which kind (CheckpointError, InputError, AbortError…). */
export class EngineError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Pending {
  method: MethodName;
  params: unknown;
  /** The worker started running it (it is no longer waiting in the worker's queue). */
  isStarted: boolean;
  /** Its method may run again in a new worker (the worker says so when it starts it). */
  mayRetry: boolean;
  /** Times it was sent again after a restart. */
  retries: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: never) => void;
  onRetry?: () => void;
}

export class EngineClient {
  private worker!: WorkerPort;
  private nextId = 1;
  private pingSeq = 0;
  private lastHeard = 0;
  private readonly pending = new Map<number, Pending>();
  /** Calls that set the worker's state up, replayed in order into a new worker: backend choice, checkpoints. */
  private readonly session = new Map<string, { method: MethodName; params: unknown }>();
  private readonly restartTimes: number[] = [];
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private health: EngineHealth = { state: 'starting', restarts: 0, notice: null };
  private readonly heartbeatMs: number;
  private readonly hangAfterMs: number;

  constructor(private readonly options: EngineClientOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
    this.hangAfterMs = options.hangAfterMs ?? 30_000;
    this.start();
  }

  call<M extends MethodName>(method: M, params: ParamsOf<M>, options: CallOptions<M> = {}): Promise<ResultOf<M>> {
    if (this.health.state === 'failed') return Promise.reject(new EngineError('EngineFailed', this.health.notice ?? 'The engine has stopped.'));
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const id = this.nextId++;
      if (options.signal?.aborted) return reject(new EngineError('AbortError', 'Cancelled.'));
      this.pending.set(id, {
        method,
        params,
        isStarted: false,
        mayRetry: false,
        retries: 0,
        resolve: (value) => {
          this.remember(method, params);
          resolve(value as ResultOf<M>);
        },
        reject,
        onProgress: options.onProgress as ((progress: never) => void) | undefined,
        onRetry: options.onRetry,
      });
      options.signal?.addEventListener('abort', () => {
        if (!this.pending.has(id)) return;
        this.worker.postMessage({ kind: 'cancel', id });
        if (options.keepAnswerOnCancel) return;
        this.pending.delete(id);
        reject(new EngineError('AbortError', 'Cancelled.'));
      });
      this.worker.postMessage({ kind: 'request', id, method, params } as ToWorker);
    });
  }

  getHealth(): EngineHealth {
    return this.health;
  }

  /**
   * Terminates the worker and starts a fresh one; the session and waiting requests carry over. `hung`: the worker
   * stopped answering, so the requests it was running are not sent again.
   */
  restart(reason: string, hung = false): void {
    const now = Date.now();
    this.restartTimes.push(now);
    while (this.restartTimes.length && now - this.restartTimes[0] > 60_000) this.restartTimes.shift();
    this.stop();
    if (this.restartTimes.length > (this.options.maxRestartsPerMinute ?? 3)) {
      this.setHealth({
        state: 'failed',
        restarts: this.health.restarts,
        notice: `The engine keeps stopping (${reason}). Your checkpoints are saved; reload the page to try again.`,
      });
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new EngineError('EngineFailed', this.health.notice!));
      }
      return;
    }
    this.setHealth({
      state: 'starting',
      restarts: this.health.restarts + 1,
      notice: `The engine ${reason}, so it was restarted. Nothing you made is lost.`,
    });
    this.start();
    for (const { method, params } of this.session.values()) this.replay(method, params);
    for (const [id, p] of this.pending) {
      const resend = !p.isStarted || (p.mayRetry && !hung && p.retries < 1);
      if (resend) {
        if (p.isStarted) {
          p.retries++;
          p.onRetry?.();
        }
        p.isStarted = false;
        this.worker.postMessage({ kind: 'request', id, method: p.method, params: p.params } as ToWorker);
      } else {
        this.pending.delete(id);
        p.reject(hung
          ? new EngineError('EngineHungError', `The engine stopped responding while running “${p.method}”, so it was restarted and “${p.method}” was not sent again (it would likely stop the new engine too).`)
          : new EngineError('EngineRestartedError', `The engine ${reason} and was restarted; this ${p.method} run was stopped.`));
      }
    }
  }

  dispose(): void {
    this.stop();
    for (const p of this.pending.values()) p.reject(new EngineError('AbortError', 'The engine was shut down.'));
    this.pending.clear();
  }

  private start(): void {
    const worker = this.options.createWorker();
    this.worker = worker;
    this.lastHeard = Date.now();
    worker.addEventListener('message', (event) => {
      if (this.worker === worker) this.receive(event.data);
    });
    worker.addEventListener('error', (event) => {
      if (this.worker !== worker) return;
      event.preventDefault?.();
      const detail = (event as ErrorEvent).message;
      this.restart(`crashed${detail ? ` (${detail})` : ''}`);
    });
    worker.addEventListener('messageerror', () => {
      if (this.worker === worker) this.restart('sent a message that could not be read');
    });
    this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
  }

  private stop(): void {
    clearInterval(this.heartbeat);
    this.worker.terminate();
  }

  private beat(): void {
    if (Date.now() - this.lastHeard > this.hangAfterMs) {
      this.restart(`stopped responding for ${Math.round(this.hangAfterMs / 1000)} s`, true);
      return;
    }
    this.worker.postMessage({ kind: 'ping', seq: ++this.pingSeq });
  }

  private receive(message: FromWorker): void {
    this.lastHeard = Date.now();
    if (this.health.state === 'starting') this.setHealth({ ...this.health, state: 'ready' });
    if (message.kind === 'pong') return;
    if (message.kind === 'event') {
      if (message.event.type === 'backendChanged') this.session.set('backend', { method: 'setBackend', params: { choice: message.event.report.name } });
      this.options.onEvent?.(message.event);
      return;
    }
    const p = this.pending.get(message.id);
    if (!p) return;
    if (message.kind === 'started') {
      p.isStarted = true;
      p.mayRetry = message.retry;
    } else if (message.kind === 'progress') p.onProgress?.(message.progress as never);
    else {
      this.pending.delete(message.id);
      if (message.kind === 'result') p.resolve(message.result);
      else p.reject(new EngineError(message.error.name, message.error.message));
    }
  }

  /** Records the calls that make up the worker's state. */
  private remember(method: MethodName, params: unknown): void {
    if (method === 'setBackend') this.session.set('backend', { method, params });
    // openGpt2's params hold the reader's File, a handle and not its bytes: a new worker reads the model from it
    // again, so no copy of a 124M model's bytes is kept on the page for a restart.
    if (method === 'loadCheckpoint' || method === 'unloadCheckpoint' || method === 'openGpt2') {
      const key = `checkpoint:${(params as ParamsOf<'loadCheckpoint'>).key}`;
      if (method === 'loadCheckpoint' || method === 'openGpt2') this.session.set(key, { method, params });
      else this.session.delete(key);
    }
  }

  private replay(method: MethodName, params: unknown): void {
    const id = this.nextId++;
    this.pending.set(id, {
      method,
      params,
      isStarted: false,
      mayRetry: true,
      retries: 0,
      resolve: () => {},
      reject: (error) => this.setHealth({ ...this.health, notice: `After a restart the engine could not redo "${method}": ${error.message}` }),
    });
    this.worker.postMessage({ kind: 'request', id, method, params } as ToWorker);
  }

  private setHealth(health: EngineHealth): void {
    this.health = health;
    this.options.onHealth?.(health);
  }
}
