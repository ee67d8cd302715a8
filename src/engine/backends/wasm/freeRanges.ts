// The free list of WasmHeap's large blocks: free ranges of linear memory kept in address order, so that a range
// given back merges with the free ranges on either side of it (coalescing) and a request takes the smallest range
// that holds it, leaving the rest free (best fit with splitting). A fine-tune step of GPT-2 frees and asks for
// blocks of tens of MiB in sizes that differ from step to step (logits, their softmax and gradient, packings, weight
// gradients); per-size lists would keep each freed block for its own size only, and memory would grow instead.
// There are tens of large blocks, not thousands, so a sorted array with a binary search and a linear scan suffices.

export class FreeRanges {
  /** Start (byte offset) of each free range, ascending; sizes[i] is its length in bytes. Never adjacent: merged. */
  private readonly starts: number[] = [];
  private readonly sizes: number[] = [];

  /** Bytes in all free ranges. */
  get bytes(): number {
    let total = 0;
    for (const size of this.sizes) total += size;
    return total;
  }

  get count(): number {
    return this.starts.length;
  }

  /** Takes `size` bytes from the front of the smallest free range that holds them; -1 when none does. */
  take(size: number): number {
    let best = -1;
    for (let i = 0; i < this.sizes.length; i++) {
      if (this.sizes[i] >= size && (best < 0 || this.sizes[i] < this.sizes[best])) {
        best = i;
        if (this.sizes[i] === size) break; // an exact fit cannot be beaten
      }
    }
    if (best < 0) return -1;
    const ptr = this.starts[best];
    if (this.sizes[best] === size) {
      this.starts.splice(best, 1);
      this.sizes.splice(best, 1);
    } else {
      this.starts[best] += size;
      this.sizes[best] -= size;
    }
    return ptr;
  }

  /** Makes [ptr, ptr + size) free, merged with the free ranges it touches. Throws if it overlaps a free range. */
  give(ptr: number, size: number): void {
    const i = this.firstAfter(ptr); // ranges 0 … i-1 start before ptr
    const prevEnd = i > 0 ? this.starts[i - 1] + this.sizes[i - 1] : -Infinity;
    const nextStart = i < this.starts.length ? this.starts[i] : Infinity;
    if (prevEnd > ptr || ptr + size > nextStart) {
      throw new Error(`wasm heap: freeing ${size} bytes at ${ptr}, which are already free (a double free?)`);
    }
    const joinsPrev = prevEnd === ptr, joinsNext = ptr + size === nextStart;
    if (joinsPrev && joinsNext) {
      this.sizes[i - 1] += size + this.sizes[i];
      this.starts.splice(i, 1);
      this.sizes.splice(i, 1);
    } else if (joinsPrev) {
      this.sizes[i - 1] += size;
    } else if (joinsNext) {
      this.starts[i] = ptr;
      this.sizes[i] += size;
    } else {
      this.starts.splice(i, 0, ptr);
      this.sizes.splice(i, 0, size);
    }
  }

  /** If the last free range ends exactly at `end`, removes it and returns its start (the bump pointer drops there); else `end`. */
  trimEndingAt(end: number): number {
    const last = this.starts.length - 1;
    if (last < 0 || this.starts[last] + this.sizes[last] !== end) return end;
    const start = this.starts[last];
    this.starts.pop();
    this.sizes.pop();
    return start;
  }

  /** Index of the first range that starts after `ptr` (binary search). */
  private firstAfter(ptr: number): number {
    let lo = 0, hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= ptr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
