// A pool of worker threads sharing the backend's WebAssembly.Memory. The engine calls kernels synchronously, so
// run() posts the job through shared memory, claims parts of it like any worker, and blocks in Atomics.wait until
// every part is done: no message passing and no copies per kernel. A job has one part per thread; whoever is awake
// takes them, so a busy machine degrades to one thread instead of stalling. Node: worker_threads; browsers: Workers.
import { isNode } from './wasmFeatures';
import { threadedKernels, type KernelExports, type ThreadedKernel } from './wasmExports';
import { CONTROL, CONTROL_ARGS_BYTE, SPIN_POLLS, workerSource } from './workerSource';

interface AnyWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

const kernelIndex = new Map<ThreadedKernel, number>(threadedKernels.map((k, i) => [k, i]));
/** A worker that has not answered for this long is treated as lost rather than waited on forever. */
const DEADLOCK_MS = 120_000;

async function spawn(): Promise<{ worker: AnyWorker; onceMessage: () => Promise<unknown> }> {
  if (isNode) {
    const name = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
    const worker = new Worker(workerSource, { eval: true });
    worker.unref(); // an idle pool must not keep a script alive
    return { worker, onceMessage: () => new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }) };
  }
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return { worker, onceMessage: () => new Promise((resolve, reject) => {
    worker.addEventListener('message', (e) => resolve(e.data), { once: true });
    worker.addEventListener('error', (e) => reject(new Error(e.message)), { once: true });
  }) };
}

export class ThreadPool {
  private readonly i32: Int32Array;
  private readonly args: Float64Array;
  private disposed = false;
  private jobs = 0;
  /** ms the calling thread spent waiting at the end of jobs for parts still running elsewhere (the barrier). */
  private waitMs = 0;

  private constructor(
    private readonly exports: KernelExports,
    memory: WebAssembly.Memory,
    private readonly control: number,
    private readonly workers: AnyWorker[],
  ) {
    // Views of a shared buffer stay valid when memory grows; the control block sits in the first pages.
    this.i32 = new Int32Array(memory.buffer, control, 16);
    this.args = new Float64Array(memory.buffer, control + CONTROL_ARGS_BYTE, 32);
  }

  /** Starts `threads − 1` workers (the calling thread is the last one) and waits until each is ready. */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: KernelExports, control: number,
    threads: number): Promise<ThreadPool> {
    const spawned = await Promise.all(Array.from({ length: threads - 1 }, () => spawn()));
    const names = [...threadedKernels];
    await Promise.all(spawned.map(({ worker, onceMessage }) => {
      const ready = onceMessage();
      worker.postMessage({ module, memory, control, names });
      return ready.then((m) => {
        if (m !== 'ready') throw new Error('a wasm worker could not instantiate the kernels');
      });
    }));
    return new ThreadPool(exports, memory, control, spawned.map((s) => s.worker));
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** Byte address of the GEMM task counter, which run() resets before each job. */
  get taskCounter(): number {
    return this.control + CONTROL.taskCounter * 4;
  }

  /** Runs kernel(...args, part, parts) for every part (one per thread) and returns when all are done. */
  run(kernel: ThreadedKernel, args: readonly number[]): void {
    if (this.disposed) throw new Error('wasm backend: the thread pool was disposed');
    const { i32 } = this;
    const parts = this.threads;
    // The previous job is complete and its parts all claimed, so nobody reads these while they change.
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    i32[CONTROL.kernel] = kernelIndex.get(kernel)!;
    i32[CONTROL.argc] = args.length;
    i32[CONTROL.parts] = parts;
    i32[CONTROL.taskCounter] = 0;
    i32[CONTROL.failed] = 0;
    Atomics.store(i32, CONTROL.done, 0);
    Atomics.store(i32, CONTROL.nextPart, 0); // opens the job
    Atomics.add(i32, CONTROL.generation, 1);
    Atomics.notify(i32, CONTROL.generation);
    this.jobs++;
    const fn = this.exports[kernel] as (...a: number[]) => void;
    let error: unknown = null;
    for (let part = Atomics.add(i32, CONTROL.nextPart, 1); part < parts; part = Atomics.add(i32, CONTROL.nextPart, 1)) {
      try {
        fn(...args, part, parts);
      } catch (e) {
        error = e;
      }
      Atomics.add(i32, CONTROL.done, 1);
    }
    const waitStart = performance.now();
    this.waitForParts(parts);
    this.waitMs += performance.now() - waitStart;
    if (error) throw error;
    if (i32[CONTROL.failed]) throw new Error(`wasm backend: ${kernel} failed on a worker thread`);
  }

  /**
   * Jobs run on the pool, how many of their parts the workers (not the calling thread) took, and the ms the calling
   * thread waited at job ends for parts still running (the barrier's cost, imbalance included).
   */
  stats(): { jobs: number; parts: number; partsOnWorkers: number; barrierWaitMs: number } {
    return { jobs: this.jobs, parts: this.jobs * this.threads, partsOnWorkers: Atomics.load(this.i32, CONTROL.workerParts),
      barrierWaitMs: this.waitMs };
  }

  private waitForParts(parts: number): void {
    const { i32 } = this;
    for (let polls = 0; polls < SPIN_POLLS; polls++) if (Atomics.load(i32, CONTROL.done) === parts) return;
    const deadline = Date.now() + DEADLOCK_MS;
    for (;;) {
      const done = Atomics.load(i32, CONTROL.done);
      if (done === parts) return;
      if (Date.now() > deadline) throw new Error('wasm backend: a worker thread stopped responding');
      Atomics.wait(i32, CONTROL.done, done, 1000);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.i32, CONTROL.stop, 1);
    Atomics.add(this.i32, CONTROL.generation, 1);
    Atomics.notify(this.i32, CONTROL.generation);
    for (const w of this.workers) void w.terminate();
  }
}
