// The wasm backend: AssemblyScript SIMD kernels over buffers that live in one WebAssembly.Memory for their whole
// life, so a training step runs without copying tensors between JS and wasm. Follows the js backend's contract
// (backends/js) kernel by kernel; memory comes from WasmHeap, threads from ThreadPool (see README.md here).
import type { Backend, DeviceBuffer } from '../backend';
import { detectThreads, enableNodeRelaxedSimd, hasRelaxedSimd, hasWasmSimd, isNode } from './wasmFeatures';
import type { KernelExports } from './wasmExports';
import { WasmHeap } from './wasmHeap';
import { PACK_CACHE_BUDGET_BYTES, packedBytes, setPackBudget } from './wasmPackCache';
import { THREAD_MIN_WORK, WasmBuffer, createWasmKernels, liveBuffer, settle, written } from './wasmKernels';
import { loadBuild, type WasmBuild } from './wasmModule';
import { ThreadPool } from './wasmThreads';
import { markSpan } from '../../perfMark';
import { CONTROL_BYTES } from './workerSource';

export interface WasmBackendOptions {
  /** Threads including the calling one; default: the cores available, at most 4. 1 means no workers. */
  threads?: number;
  /** The fused multiply-add GEMM: 'auto' (default) uses it where relaxed SIMD validates (in Node 20 after switching
   *  on V8's flag for it), true insists on it, false keeps plain SIMD. */
  relaxedSimd?: boolean | 'auto';
  /** Upper limit of linear memory with threads (shared memory needs one up front); default 2048 MiB. */
  maxMemoryMiB?: number;
  /** Work (≈ flops) from which a kernel is split across threads; 0 splits every call (tests use it). */
  threadMinWork?: number;
  /** Keep the GEMM packing of a B read unchanged by two products in a row (inference weights); default true. */
  packCache?: boolean;
  /** The most bytes of such packings kept, first come first kept; default PACK_CACHE_BUDGET_BYTES (128 MiB). */
  packCacheMaxBytes?: number;
}

export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  /** Threads kernels may run on (1: this thread only). */
  readonly threads: number;
  readonly relaxedSimd: boolean;
  /** What runs, in words: "wasm SIMD (relaxed FMA), 2 threads". */
  readonly description: string;
  /** Why threads are off when they were asked for, else ''. */
  readonly threadsUnavailable: string;
  memoryStats(): { memoryBytes: number; usedBytes: number; liveBytes: number; peakLiveBytes: number; freeBytes: number; packedBytes: number };
  /** Kernel calls split across threads, and how many of their parts worker threads ran (null without threads). */
  threadStats(): { jobs: number; parts: number; partsOnWorkers: number; barrierWaitMs: number } | null;
  /** f32x4 mul+add throughput of this machine in GFLOP/s, from 12 independent chains in registers (for the bench). */
  measureSimdPeak(iterations?: number): number;
  /** The same with relaxed-SIMD FMA (one f32x4.relaxed_madd per pair) in GFLOP/s; null without relaxed SIMD. */
  measureFmaPeak(iterations?: number): number | null;
  /** GFLOP/s of the GEMM's 4×8 register tile on L1-resident panels: the ceiling a large GEMM approaches. */
  measureTilePeak(iterations?: number): number;
}

const PAGE = 65536;

/**
 * Starts compiling the build createWasmBackend() with default options would pick (the threaded one where threads
 * can run, relaxed SIMD where it validates), so the engine worker can start it the moment its script runs, before
 * the page's first message arrives (issue #17 goal 7). The compile is cached (loadBuild), so createWasmBackend takes
 * it over; a backend never created leaves an unused module, nothing else. Browser only: Node compiles on demand.
 */
export async function prefetchWasmKernels(): Promise<void> {
  if (isNode || !hasWasmSimd()) return;
  const relaxed = hasRelaxedSimd();
  const threads = await detectThreads();
  const threaded = threads.ok && threads.cores > 1;
  await loadBuild(threaded ? (relaxed ? 'threads-relaxed' : 'threads') : relaxed ? 'relaxed' : 'simd').catch(() => {});
}

export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  if (!hasWasmSimd()) throw new Error('wasm backend: this runtime has no WebAssembly SIMD');
  const relaxedAsked = options.relaxedSimd ?? 'auto';
  const relaxed = relaxedAsked === false ? false : isNode ? await enableNodeRelaxedSimd() : hasRelaxedSimd();
  if (relaxedAsked === true && !relaxed) throw new Error('wasm backend: relaxed SIMD was asked for but is not available');

  const support = await detectThreads();
  const wanted = Math.max(1, Math.floor(options.threads ?? Math.min(support.cores, 4)));
  let threadsUnavailable = wanted > 1 && !support.ok ? support.reason : '';
  let threads = support.ok ? wanted : 1;

  let memory: WebAssembly.Memory | null = null;
  if (threads > 1) {
    const maximum = Math.min(65536, Math.ceil(((options.maxMemoryMiB ?? 2048) * 2 ** 20) / PAGE));
    try {
      memory = new WebAssembly.Memory({ initial: 64, maximum, shared: true });
    } catch (e) {
      threadsUnavailable = `shared memory of ${maximum / 16} MiB could not be reserved (${(e as Error).message})`;
      threads = 1;
    }
  }
  const build: WasmBuild = memory ? (relaxed ? 'threads-relaxed' : 'threads') : relaxed ? 'relaxed' : 'simd';
  const module = await loadBuild(build);
  const instance = await WebAssembly.instantiate(module, memory ? { env: { memory } } : {});
  const exports = instance.exports as unknown as KernelExports;
  const mem = memory ?? exports.memory;
  const heap = new WasmHeap(mem, exports.heapBase());

  const control = heap.alloc(CONTROL_BYTES);
  const plan = heap.alloc(3 * 6 * 4);
  const scratch = heap.alloc(threads * exports.gemmScratchBytes());
  let pool: ThreadPool | null = null;
  if (memory && threads > 1) {
    try {
      pool = await markSpan('wasm thread pool', ThreadPool.start(module, memory, exports, control, threads));
    } catch (e) {
      threadsUnavailable = `worker threads failed to start (${(e as Error).message})`;
      threads = 1;
    }
  }
  setPackBudget(heap, options.packCacheMaxBytes ?? PACK_CACHE_BUDGET_BYTES);
  const kernels = createWasmKernels({ exports, heap, pool, plan, scratch, threadMinWork: options.threadMinWork ?? THREAD_MIN_WORK,
    packCache: options.packCache ?? true });
  const zeroSize = heap.alloc(0); // the address every empty buffer shares; never read or written
  let disposed = false;
  const live = (buf: DeviceBuffer): WasmBuffer => liveBuffer(buf, heap);
  const description = `wasm SIMD${relaxed ? ' (relaxed FMA)' : ''}, ${threads} thread${threads > 1 ? 's' : ''}`;

  const backend: WasmBackend = {
    name: 'wasm',
    precision: 'float32',
    kernels,
    threads,
    relaxedSimd: relaxed,
    description,
    threadsUnavailable,
    alloc(size) {
      if (disposed) throw new Error('wasm backend: disposed');
      if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`wasm backend: cannot allocate ${size} floats`);
      if (size === 0) return new WasmBuffer(zeroSize, 0, heap, false);
      const ptr = heap.alloc(size * 4);
      return new WasmBuffer(ptr, size, heap, heap.lastWasReused);
    },
    free(buf) {
      const b = live(buf);
      written(b); // gives back its packing, if any
      if (b.size > 0) heap.free(b.ptr, b.size * 4);
      b.ptr = -1;
    },
    write(buf, data, offset = 0) {
      const b = live(buf);
      if (offset < 0 || offset + data.length > b.size) {
        throw new RangeError(`write of ${data.length} floats at ${offset} overflows a buffer of ${b.size}`);
      }
      if (data.length === b.size) b.stale = false;
      else settle(b);
      written(b);
      heap.f32.set(data, (b.ptr >> 2) + offset);
    },
    read(buf) {
      const b = live(buf);
      settle(b);
      return heap.f32.slice(b.ptr >> 2, (b.ptr >> 2) + b.size);
    },
    readAsync: async (buf) => backend.read(buf),
    flush: async () => {},
    dispose() {
      disposed = true;
      pool?.dispose();
    },
    memoryStats: () => ({ ...heap.stats(), packedBytes: packedBytes(heap) }),
    threadStats: () => pool?.stats() ?? null,
    measureSimdPeak(iterations = 20_000_000) {
      exports.simdPeak(iterations / 10); // let the engine tier the loop up first
      const start = performance.now();
      exports.simdPeak(iterations);
      const seconds = (performance.now() - start) / 1000;
      return (iterations * 96) / seconds / 1e9;
    },
    measureFmaPeak(iterations = 20_000_000) {
      if (!relaxed) return null;
      exports.fmaPeak(iterations / 10);
      const start = performance.now();
      exports.fmaPeak(iterations);
      return (iterations * 96) / ((performance.now() - start) / 1000) / 1e9;
    },
    measureTilePeak(iterations = 200_000) {
      exports.tilePeak(iterations / 10, scratch);
      const start = performance.now();
      exports.tilePeak(iterations, scratch);
      return (iterations * 4096) / ((performance.now() - start) / 1000) / 1e9;
    },
  };
  return backend;
}
