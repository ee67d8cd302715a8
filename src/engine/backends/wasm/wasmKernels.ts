// The Kernels contract (backends/backend.ts) on top of the wasm exports: pointers out of buffers, plans written into
// a small parameter block, inputs the js backend would reject checked here, and each call either run on this thread
// or split across the pool when it is big enough to repay waking the workers.
import type { BinaryOp, DeviceBuffer, Kernels, ReduceOp, ScalarOp, UnaryOp } from '../backend';
import { checkEpilogue, isContiguousPlan, matmulLayouts, matrixExtent, tilesWhole } from '../backend';
import type { KernelExports, ThreadedKernel } from './wasmExports';
import type { WasmHeap } from './wasmHeap';
import type { ThreadPool } from './wasmThreads';
import { coalesce, writePlan } from './wasmLayout';
import { PACK_CACHE_MAX_FLOATS, forgetPacking, lookupPacking, makePacking, type PackLayout, type PackSlot, type Packing } from './wasmPackCache';

// Same order as the const enums in assembly/elementwise.ts.
const unaryCodes: readonly UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'rsqrt', 'tanh', 'relu', 'step', 'abs', 'recip',
  'square', 'sin', 'cos', 'gelu', 'geluGrad', 'geluTanh', 'geluTanhGrad'];
const binaryCodes: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'gt'];
const scalarCodes: readonly ScalarOp[] = ['add', 'mul', 'pow', 'max', 'min', 'rsub', 'rdiv'];
const reduceCodes: readonly ReduceOp[] = ['sum', 'max'];

/** Whether strides are the row-major ones of shape (axes of size 1 may have any stride). */
function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

function codeOf<T>(codes: readonly T[], op: T): number {
  const code = codes.indexOf(op);
  if (code < 0) throw new Error(`wasm backend: unknown op ${String(op)}`);
  return code;
}

/** Work (roughly, in flops) below which a kernel stays on the calling thread: waking workers costs ~10–50 µs. */
export const THREAD_MIN_WORK = 1 << 17;
/** Largest B (in floats, 32 MiB) a threaded GEMM packs once for all threads; bigger ones pack per task. */
const SHARED_PACK_MAX = 1 << 23;

/**
 * A buffer in wasm memory: `ptr` is a byte offset, -1 once freed. `stale` marks a reused block whose old numbers
 * stand in for the zeros the contract promises: it is zeroed before anything reads it, unless a kernel overwrites
 * all of it first (then the zeroing is skipped).
 */
export class WasmBuffer implements DeviceBuffer, PackSlot {
  /** A GEMM packing of this buffer kept for reuse (wasmPackCache.ts); dropped by every write into it. */
  packing: Packing | null = null;
  seen: PackLayout | null = null;
  constructor(public ptr: number, readonly size: number, readonly owner: WasmHeap, public stale: boolean) {}
}

/** Call before anything writes into `b`: a packing kept of its old contents would be stale. */
export function written(b: WasmBuffer): void {
  if (b.packing || b.seen) forgetPacking(b, b.owner);
}

/** Checks a buffer belongs to `heap` and is live. */
export function liveBuffer(buf: DeviceBuffer, heap: WasmHeap): WasmBuffer {
  const b = buf as WasmBuffer;
  if (!(b instanceof WasmBuffer) || b.owner !== heap) throw new Error('wasm backend: a buffer from another backend');
  if (b.ptr < 0) throw new Error('wasm backend: a buffer was used after free()');
  return b;
}

/** Zeroes a stale buffer, so its contents are what the contract says they are. */
export function settle(b: WasmBuffer): void {
  if (b.stale) {
    b.owner.zero(b.ptr, b.size * 4);
    b.stale = false;
  }
}

export interface WasmKernelContext {
  exports: KernelExports;
  heap: WasmHeap;
  pool: ThreadPool | null;
  /** Byte address of the plan block (3 × 6 i32). */
  plan: number;
  /** Byte address of the GEMM packing scratch (one slab per thread). */
  scratch: number;
  /** Work from which a call is split across the pool. */
  threadMinWork: number;
  /** Whether GEMMs keep the packing of a B they read unchanged again (wasmPackCache.ts). */
  packCache: boolean;
}

export function createWasmKernels(ctx: WasmKernelContext): Kernels {
  const { exports: ex, heap, pool } = ctx;
  const counter = pool ? pool.taskCounter : 0;

  /** Pointer to a buffer the kernel reads (or reads and updates): zeroed first if stale. */
  const ptr = (buf: DeviceBuffer, need = 0): number => {
    const b = liveBuffer(buf, heap);
    if (b.size < need) throw new RangeError(`wasm backend: a buffer of ${b.size} floats where ${need} are needed`);
    settle(b);
    return b.ptr;
  };
  /** Pointer to a buffer the kernel reads and updates in place (accumulates into, steps). */
  const ioPtr = (buf: DeviceBuffer, need = 0): number => {
    const p = ptr(buf, need);
    written(buf as WasmBuffer);
    return p;
  };
  /** Pointer to an output the kernel writes `written` floats of, from its start: no zeroing when that is all of it. */
  const outPtr = (buf: DeviceBuffer, count: number): number => {
    const b = liveBuffer(buf, heap);
    if (b.size < count) throw new RangeError(`wasm backend: a buffer of ${b.size} floats where ${count} are needed`);
    if (count >= b.size) b.stale = false;
    else settle(b);
    written(b);
    return b.ptr;
  };

  /** Pointer to an output that this kernel and the caller's next ones overwrite whole between them: never zeroed. */
  const claimPtr = (buf: DeviceBuffer, need: number): number => {
    const b = liveBuffer(buf, heap);
    if (b.size < need) throw new RangeError(`wasm backend: a buffer of ${b.size} floats where ${need} are needed`);
    b.stale = false;
    written(b);
    return b.ptr;
  };

  const run = (kernel: ThreadedKernel, work: number, args: number[]): void => {
    if (pool && work >= ctx.threadMinWork) pool.run(kernel, args);
    else (ex[kernel] as (...a: number[]) => void)(...args, 0, 1);
  };

  // The buffer a threaded GEMM packs B into, grown as needed up to SHARED_PACK_MAX floats (-1: too big, do without).
  let pack = { ptr: 0, floats: 0 };
  const sharedPack = (floats: number): number => {
    if (floats > SHARED_PACK_MAX) return -1;
    if (floats > pack.floats) {
      if (pack.floats > 0) heap.free(pack.ptr, pack.floats * 4);
      pack = { ptr: heap.alloc(floats * 4), floats };
    }
    return pack.ptr;
  };

  /** Byte address of a packing of B kept from earlier products (made now if this is its second read), or -1. */
  const keptPacking = (b: WasmBuffer, transB: boolean, N: number, K: number, pb: number): number => {
    const layout = { transB, N, K };
    const found = lookupPacking(b, layout);
    if (found === null) return -1;
    if (found !== 'pack') return found.ptr;
    const floats = ex.packedBFloats(N, K);
    if (floats > PACK_CACHE_MAX_FLOATS) return -1;
    const packing = makePacking(b, heap, layout, floats);
    if (!packing) return -1;
    run('packBWhole', K * N, [pb, transB ? 1 : 0, N, K, packing.ptr]);
    return packing.ptr;
  };

  /** Float values of a buffer as the js backend would see them (for input checks). */
  const valuesOf = (buf: DeviceBuffer, count: number): Float32Array => {
    const p = ptr(buf, count) >> 2;
    return heap.f32.subarray(p, p + count);
  };

  return {
    fill(out, value) {
      run('fill', out.size, [outPtr(out, out.size), out.size, value]);
    },

    unary(op, x, out) {
      const work = op === 'exp' || op === 'tanh' || op.startsWith('gelu') ? 16 * x.size : x.size;
      run('unary', work, [codeOf(unaryCodes, op), ptr(x), outPtr(out, x.size), x.size]);
    },

    scalar(op, x, s, out) {
      run('scalar', x.size, [codeOf(scalarCodes, op), ptr(x), s, outPtr(out, x.size), x.size]);
    },

    binary(op, a, b, out, plan) {
      const code = codeOf(binaryCodes, op);
      const total = plan.outShape.reduce((p, d) => p * d, 1);
      if (total === 0) return;
      if (isContiguousPlan(plan)) {
        run('binary', total, [code, ptr(a, total), ptr(b, total), outPtr(out, total), total]);
        return;
      }
      const layout = coalesce(plan.outShape, [plan.aStrides, plan.bStrides]);
      if (!layout) return;
      writePlan(heap.i32, ctx.plan >> 2, layout);
      run('broadcastBinary', total, [code, ptr(a), ptr(b), outPtr(out, total), ctx.plan]);
    },

    reduce(op, x, out, outer, n, inner) {
      if (outer * inner === 0) return;
      run('reduce', outer * n * inner, [codeOf(reduceCodes, op), ptr(x, outer * n * inner), outPtr(out, outer * inner), outer, n, inner]);
    },

    matmul(a, b, out, p) {
      const { batch, M, N, K } = p;
      checkEpilogue(p);
      if (batch * M * N === 0) return;
      const flops = 2 * batch * M * N * K;
      if (p.strided) {
        // Head-strided operands: every layout goes to the batched kernel; C is written in place, not whole.
        const l = p.strided, outerCount = batch / l.heads;
        const pa = ptr(a, matrixExtent(l.a, outerCount, l.heads, p.transA ? K : M, p.transA ? M : K)) + 4 * l.a.offset;
        const pb = ptr(b, matrixExtent(l.b, outerCount, l.heads, p.transB ? N : K, p.transB ? K : N)) + 4 * l.b.offset;
        const cNeed = matrixExtent(l.c, outerCount, l.heads, M, N);
        // A C that the matrices tile whole (scores, the heads side by side), or that this product and the next few
        // cover (coversOut), skips the zeroing a stale buffer gets.
        const whole = p.beta === 0 && tilesWhole(l.c, outerCount, l.heads, M, N);
        const covered = p.beta === 0 && l.coversOut === true;
        const pc = (covered ? claimPtr(out, cNeed) : whole ? outPtr(out, cNeed) : ioPtr(out, cNeed)) + 4 * l.c.offset;
        run('matmul', flops, [pa, pb, pc, batch, M, N, K, p.transA ? 1 : 0, p.transB ? 1 : 0, l.heads,
          l.a.ld, l.a.outer, l.a.head, l.b.ld, l.b.outer, l.b.head, l.c.ld, l.c.outer, l.c.head, p.beta, 0, ctx.scratch, counter]);
        return;
      }
      const aNeed = (batch - 1) * p.aBatchStride + M * K, bNeed = (batch - 1) * p.bBatchStride + K * N;
      const pa = ptr(a, aNeed), pb = ptr(b, bNeed);
      const pc = p.beta ? ioPtr(out, batch * M * N) : outPtr(out, batch * M * N);
      // the epilogue's multipliers, as a byte offset from C (wasm addresses wrap, so a negative one works too)
      const eDelta = p.scaleBy ? (ptr(p.scaleBy, batch * M * N) - pc) >>> 0 : 0;
      const kept = ctx.packCache && batch === 1 && M >= 4 && K > 0 ? keptPacking(b as WasmBuffer, p.transB, N, K, pb) : -1;
      if (kept >= 0) {
        run('matmulPrepacked', flops, [pa, kept, pc, M, N, K, p.transA ? 1 : 0, p.beta, eDelta, ctx.scratch, counter]);
        return;
      }
      if (pool && flops >= ctx.threadMinWork && batch === 1 && M >= 16 && K > 0) {
        // One big product: pack B once, shared by every thread's rows, instead of once per row task.
        const packed = sharedPack(ex.packedBFloats(N, K));
        if (packed >= 0) {
          run('packBWhole', K * N, [pb, p.transB ? 1 : 0, N, K, packed]);
          run('matmulPrepacked', flops, [pa, packed, pc, M, N, K, p.transA ? 1 : 0, p.beta, eDelta, ctx.scratch, counter]);
          return;
        }
      }
      const l = matmulLayouts(p);
      run('matmul', flops, [pa, pb, pc, batch, M, N, K, p.transA ? 1 : 0, p.transB ? 1 : 0, 1,
        l.a.ld, l.a.outer, 0, l.b.ld, l.b.outer, 0, l.c.ld, l.c.outer, 0, p.beta, eDelta, ctx.scratch, counter]);
    },

    copyStrided(x, out, c) {
      const layout = coalesce(c.shape, [c.srcStrides, c.dstStrides]);
      if (!layout) return;
      writePlan(heap.i32, ctx.plan >> 2, layout);
      const total = layout.shape.reduce((p, d) => p * d, 1);
      // permute, expand and slice fill their whole output; concat writes pieces of it
      const fills = c.dstOffset === 0 && isRowMajor(c.shape, c.dstStrides);
      run('copyStrided', total, [ptr(x), fills ? outPtr(out, total) : ioPtr(out), c.srcOffset, c.dstOffset, ctx.plan]);
    },

    gather(table, ids, out, rows, dim) {
      const vocab = Math.floor(table.size / dim);
      const id = valuesOf(ids, rows);
      for (let r = 0; r < rows; r++) {
        if (!(id[r] >= 0 && id[r] < vocab)) throw new RangeError(`gather: id ${id[r]} outside 0..${vocab - 1}`);
      }
      ex.gather(ptr(table), ptr(ids), outPtr(out, rows * dim), rows, dim, vocab);
    },

    scatterAdd(src, ids, table, rows, dim) {
      run('scatterAdd', rows * dim, [ptr(src, rows * dim), ptr(ids, rows), ioPtr(table), rows, dim, Math.floor(table.size / dim)]);
    },

    softmax(x, out, rows, n) {
      run('softmax', 16 * rows * n, [ptr(x, rows * n), outPtr(out, rows * n), rows, n]);
    },

    softmaxBackward(y, dy, dx, rows, n) {
      run('softmaxBackward', 4 * rows * n, [ptr(y, rows * n), ptr(dy, rows * n), outPtr(dx, rows * n), rows, n]);
    },

    logSoftmax(x, out, rows, n) {
      run('logSoftmax', 16 * rows * n, [ptr(x, rows * n), outPtr(out, rows * n), rows, n]);
    },

    layerNorm(x, w, b, out, mean, rstd, rows, n, eps) {
      run('layerNorm', 8 * rows * n, [ptr(x, rows * n), ptr(w, n), b ? ptr(b, n) : 0, outPtr(out, rows * n),
        outPtr(mean, rows), outPtr(rstd, rows), rows, n, eps]);
    },

    addLayerNorm(x, y, w, b, sum, out, mean, rstd, rows, n, eps) {
      run('addLayerNorm', 9 * rows * n, [ptr(x, rows * n), ptr(y, rows * n), ptr(w, n), b ? ptr(b, n) : 0,
        outPtr(sum, rows * n), outPtr(out, rows * n), outPtr(mean, rows), outPtr(rstd, rows), rows, n, eps]);
    },

    layerNormBackward(dy, x, w, mean, rstd, dx, dw, db, rows, n, residual) {
      run('layerNormBackward', 16 * rows * n, [ptr(dy, rows * n), ptr(x, rows * n), ptr(w, n), ptr(mean, rows),
        ptr(rstd, rows), outPtr(dx, rows * n), ioPtr(dw, n), db ? ioPtr(db, n) : 0, residual ? ptr(residual, rows * n) : 0,
        rows, n]);
    },

    crossEntropy(logits, targets, losses, rows, V) {
      const t = valuesOf(targets, rows);
      for (let r = 0; r < rows; r++) {
        if (t[r] >= 0 && !(t[r] < V)) throw new RangeError(`crossEntropy: target ${t[r]} outside 0..${V - 1}`);
        if (Number.isNaN(t[r])) throw new RangeError('crossEntropy: target NaN');
      }
      run('crossEntropy', 16 * rows * V, [ptr(logits, rows * V), ptr(targets, rows), outPtr(losses, rows), rows, V]);
    },

    crossEntropyBackward(logits, targets, dlogits, rows, V, scale) {
      run('crossEntropyBackward', 16 * rows * V, [ptr(logits, rows * V), ptr(targets, rows), outPtr(dlogits, rows * V), rows, V, scale]);
    },

    attentionSoftmax(x, out, rows, T, n, scale, causal) {
      if (rows * n === 0) return;
      run('attentionSoftmax', 16 * rows * n, [ptr(x, rows * n), outPtr(out, rows * n), rows, T, n, scale, causal ? 1 : 0]);
    },

    attentionSoftmaxBackward(y, dy, dx, rows, n, scale) {
      if (rows * n === 0) return;
      run('attentionSoftmaxBackward', 4 * rows * n, [ptr(y, rows * n), ptr(dy, rows * n), outPtr(dx, rows * n), rows, n, scale]);
    },

    biasGelu(x, b, out, grad, rows, n, variant) {
      const count = rows * n;
      if (count === 0) return;
      run('biasGelu', 16 * count, [ptr(x, count), b ? ptr(b, n) : 0, outPtr(out, count), grad ? outPtr(grad, count) : 0,
        rows, n, variant === 'gelu' ? 0 : 1]);
    },

    adamw(param, grad, m, v, p) {
      const n = param.size;
      const bc1 = 1 - Math.pow(p.beta1, p.step), bc2 = 1 - Math.pow(p.beta2, p.step);
      run('adamw', 8 * n, [ioPtr(param), ptr(grad, n), ioPtr(m, n), ioPtr(v, n), n, p.lr, p.beta1, p.beta2, p.eps,
        1 - p.lr * p.weightDecay, bc1, bc2, p.gradScale]);
    },

    sumSquares(x, out) {
      ex.sumSquares(ptr(x), x.size, outPtr(out, 1));
    },
  };
}
