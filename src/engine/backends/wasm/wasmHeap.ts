// The allocator for tensors in wasm linear memory: a bump pointer, one free list per size class for small blocks
// (sizes rounded up to a quarter power of two, at most 25 % slack), so a training step that frees what it made reuses
// the same blocks on the next step and memory stops growing; and for large blocks (over 1 MiB) one address-ordered
// list of free ranges (freeRanges.ts) that merges neighbours and splits the best fit, because large sizes vary
// from step to step (a GPT-2 fine-tune's logits, softmax, gradients) and per-size lists would hold each freed block
// for its own size only. A free range that reaches the bump pointer goes back to it, so small blocks can use it too.
// WebAssembly memory never shrinks: every byte the bump pointer passes stays with the tab.
// A reused block still holds old numbers: the caller zeroes it, lazily (wasmKernels.ts skips that for outputs a
// kernel overwrites anyway, ~100 MiB per GPT training step).
// memory.grow replaces the ArrayBuffer (or, shared, extends it), so the typed-array views are rebuilt after every
// growth and must never be cached elsewhere.
import { FreeRanges } from './freeRanges';

const PAGE = 65536;
const ALIGN = 64; // a cache line; also what f32x4 loads like
/** Blocks above this many bytes are large: exact sizes (in LARGE_STEP steps) from the free ranges. */
export const LARGE_BYTES = 2 ** 20;
const LARGE_STEP = 4096;
/** Memory grows by at least this share of itself, and at most this many bytes beyond the need, per memory.grow. */
const GROWTH_SHARE = 0.5, GROWTH_SLACK_MAX = 32 * 2 ** 20;

/** Size class of a small block of `bytes`: 64-byte steps up to 1 KiB, then four steps per power of two. */
export function sizeClass(bytes: number): number {
  if (bytes <= 1024) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes - 1)) - 2);
  return Math.ceil(bytes / step) * step;
}

/** Bytes of the block that holds `bytes`: its size class if small, else `bytes` rounded up to 4 KiB. */
export function blockSize(bytes: number): number {
  return bytes > LARGE_BYTES ? Math.ceil(bytes / LARGE_STEP) * LARGE_STEP : sizeClass(bytes);
}

export class WasmHeap {
  /** Float view of all of memory; rebuilt after growth. */
  f32!: Float32Array;
  i32!: Int32Array;
  /** The bump pointer: no block lies at or above it. */
  private top: number;
  /** The highest `top` has been: memory above it was never handed out and still holds memory.grow's zeros. */
  private fresh: number;
  private readonly freeLists = new Map<number, number[]>();
  private readonly large = new FreeRanges();
  private live = 0;
  private peakLive = 0;

  constructor(private readonly memory: WebAssembly.Memory, start: number) {
    this.top = this.fresh = Math.ceil(start / ALIGN) * ALIGN;
    this.refreshViews();
  }

  /** Whether the block the last alloc() returned was used before (and so is not zero-filled). */
  lastWasReused = false;

  /** A block of at least `bytes` (64-byte aligned): zeros if new, old contents if reused (see lastWasReused). */
  alloc(bytes: number): number {
    const size = blockSize(bytes);
    this.live += size;
    if (this.live > this.peakLive) this.peakLive = this.live;
    if (size > LARGE_BYTES) {
      const ptr = this.large.take(size);
      if (ptr >= 0) {
        this.lastWasReused = true;
        return ptr;
      }
    } else {
      const list = this.freeLists.get(size);
      if (list && list.length > 0) {
        this.lastWasReused = true;
        return list.pop()!;
      }
    }
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    this.lastWasReused = ptr < this.fresh; // below the high-water mark: a block that was freed back to the bump pointer
    if (this.top > this.fresh) this.fresh = this.top;
    return ptr;
  }

  zero(ptr: number, bytes: number): void {
    this.f32.fill(0, ptr >> 2, (ptr + bytes) >> 2);
  }

  /** Gives back a block of `bytes` that alloc returned. */
  free(ptr: number, bytes: number): void {
    const size = blockSize(bytes);
    this.live -= size;
    if (size > LARGE_BYTES) {
      this.large.give(ptr, size);
      this.top = this.large.trimEndingAt(this.top);
      return;
    }
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }

  /** Grows memory so that byte `end` is inside it. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow by at least half again (at most 32 MiB past the need), so a growing model does not call memory.grow for
    // every tensor, yet a 2 GB heap does not take hundreds of MiB it will never use: memory never shrinks.
    const need = Math.ceil((end - have) / PAGE);
    const pages = Math.max(need, Math.min(Math.ceil((have * GROWTH_SHARE) / PAGE), need + GROWTH_SLACK_MAX / PAGE));
    try {
      this.memory.grow(pages);
    } catch {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new RangeError(`wasm backend: out of memory (needs ${(end / 2 ** 20).toFixed(0)} MiB of linear memory)`);
      }
    }
    this.refreshViews();
  }

  private refreshViews(): void {
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  stats(): { memoryBytes: number; usedBytes: number; liveBytes: number; peakLiveBytes: number; freeBytes: number } {
    let freeBytes = this.large.bytes;
    for (const [size, list] of this.freeLists) freeBytes += size * list.length;
    return { memoryBytes: this.memory.buffer.byteLength, usedBytes: this.top, liveBytes: this.live, peakLiveBytes: this.peakLive, freeBytes };
  }
}
