// The allocator for tensors in wasm linear memory: a bump pointer plus one free list per size class (sizes rounded
// up to a quarter power of two, at most 25 % slack), so a training step that frees what it made reuses the same
// blocks on the next step and memory stops growing. A reused block still holds old numbers: the caller zeroes it,
// lazily (wasmKernels.ts skips that for outputs a kernel overwrites anyway, ~100 MiB per GPT training step).
// memory.grow replaces the ArrayBuffer (or, shared, extends it), so the typed-array views are rebuilt after every
// growth and must never be cached elsewhere.

const PAGE = 65536;
const ALIGN = 64; // a cache line; also what f32x4 loads like

/** Bytes of the block that holds `bytes`: 64-byte steps up to 1 KiB, then four steps per power of two. */
export function sizeClass(bytes: number): number {
  if (bytes <= 1024) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes - 1)) - 2);
  return Math.ceil(bytes / step) * step;
}

export class WasmHeap {
  /** Float view of all of memory; rebuilt after growth. */
  f32!: Float32Array;
  i32!: Int32Array;
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private live = 0;

  constructor(private readonly memory: WebAssembly.Memory, start: number) {
    this.top = Math.ceil(start / ALIGN) * ALIGN;
    this.refreshViews();
  }

  /** Whether the block the last alloc() returned was used before (and so is not zero-filled). */
  lastWasReused = false;

  /** A block of at least `bytes` (64-byte aligned): zeros if new, old contents if reused (see lastWasReused). */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const list = this.freeLists.get(size);
    this.live += size;
    this.lastWasReused = !!list && list.length > 0;
    if (this.lastWasReused) return list!.pop()!;
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    return ptr; // never used before: memory.grow hands out zeros
  }

  zero(ptr: number, bytes: number): void {
    this.f32.fill(0, ptr >> 2, (ptr + bytes) >> 2);
  }

  /** Gives back a block of `bytes` that alloc returned. */
  free(ptr: number, bytes: number): void {
    const size = sizeClass(bytes);
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
    this.live -= size;
  }

  /** Grows memory so that byte `end` is inside it. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow by at least half again, so a growing model does not call memory.grow for every tensor.
    const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 2));
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

  stats(): { memoryBytes: number; usedBytes: number; liveBytes: number; freeBytes: number } {
    let freeBytes = 0;
    for (const [size, list] of this.freeLists) freeBytes += size * list.length;
    return { memoryBytes: this.memory.buffer.byteLength, usedBytes: this.top, liveBytes: this.live, freeBytes };
  }
}
