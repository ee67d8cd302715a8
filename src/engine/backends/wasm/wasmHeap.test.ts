// The allocator on its own, over a plain WebAssembly.Memory: large blocks that merge and split so that a freed block
// of one size serves requests of other sizes (issue #16: a GPT-2 fine-tune grew memory to 1.8 GB while 1.06 GB was
// live), free space at the top that goes back to the bump pointer, and, under random allocs and frees, live blocks
// that never overlap and blocks said to be new that really hold zeros.
import { describe, expect, it } from 'vitest';
import { FreeRanges } from './freeRanges';
import { LARGE_BYTES, WasmHeap, blockSize } from './wasmHeap';
import { Rng } from '../../util/rng';

const MiB = 2 ** 20;
const newHeap = () => new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 65536 }), 1024);

describe('free ranges of large blocks', () => {
  it('merge with free neighbours on either side, in any order of freeing', () => {
    const ranges = new FreeRanges();
    ranges.give(300, 100);
    ranges.give(100, 100);
    expect(ranges.count).toBe(2);
    ranges.give(200, 100); // fills the gap: one range 100 … 400
    expect(ranges.count).toBe(1);
    expect(ranges.take(300)).toBe(100);
    expect(ranges.count).toBe(0);
  });

  it('serve a request from the smallest range that holds it, leaving the rest free', () => {
    const ranges = new FreeRanges();
    ranges.give(0, 500);
    ranges.give(1000, 120);
    ranges.give(2000, 300);
    expect(ranges.take(110)).toBe(1000); // 120 is the best fit
    expect(ranges.take(250)).toBe(2000);
    expect(ranges.take(600)).toBe(-1);
    expect(ranges.bytes).toBe(500 + 10 + 50);
  });

  it('refuse a range that is already free', () => {
    const ranges = new FreeRanges();
    ranges.give(100, 100);
    expect(() => ranges.give(100, 100)).toThrow(/already free/);
    expect(() => ranges.give(150, 100)).toThrow(/already free/);
    expect(() => ranges.give(50, 60)).toThrow(/already free/);
    expect(ranges.bytes).toBe(100);
  });
});

describe('WasmHeap', () => {
  it('serves smaller large blocks of other sizes from a freed large block instead of growing', () => {
    const heap = newHeap();
    const keep = heap.alloc(1000); // something below, so the freed block does not simply return to the bump pointer
    const logits = heap.alloc(51 * MiB);
    const above = heap.alloc(1000);
    const memory = heap.stats().memoryBytes;
    heap.free(logits, 51 * MiB);
    const a = heap.alloc(40 * MiB), b = heap.alloc(10 * MiB); // other size classes than 51 MiB
    expect(heap.lastWasReused).toBe(true);
    expect([a, b].every((p) => p >= logits && p < logits + 51 * MiB)).toBe(true);
    heap.free(a, 40 * MiB);
    heap.free(b, 10 * MiB);
    const whole = heap.alloc(50 * MiB); // the two pieces merged again
    expect(whole).toBe(logits);
    expect(heap.stats().memoryBytes).toBe(memory);
    heap.free(whole, 50 * MiB);
    heap.free(keep, 1000);
    heap.free(above, 1000);
  });

  it('gives free large blocks at the top back to the bump pointer, for blocks of any size', () => {
    const heap = newHeap();
    const start = heap.stats().usedBytes;
    const a = heap.alloc(3 * MiB), b = heap.alloc(5 * MiB);
    heap.free(a, 3 * MiB);
    expect(heap.stats().usedBytes).toBe(start + blockSize(3 * MiB) + blockSize(5 * MiB)); // b is still above a
    heap.free(b, 5 * MiB);
    expect(heap.stats().usedBytes).toBe(start); // both merged and returned
    expect(heap.stats().freeBytes).toBe(0);
    const small = heap.alloc(256);
    expect(small).toBe(start);
    expect(heap.lastWasReused).toBe(true); // the memory held a large block before: not zeros
  });

  it('keeps live blocks apart and their contents intact under random allocs and frees; new blocks hold zeros', () => {
    const heap = newHeap();
    const rng = new Rng(16);
    const live: { ptr: number; bytes: number; mark: number }[] = [];
    const floats = (b: { ptr: number; bytes: number }) => heap.f32.subarray(b.ptr >> 2, (b.ptr + b.bytes) >> 2);
    let mark = 1;
    for (let round = 0; round < 3000; round++) {
      if (live.length > 0 && (rng.next() < 0.45 || live.length > 40)) {
        const [b] = live.splice(rng.int(live.length), 1);
        expect(floats(b).every((v) => v === b.mark)).toBe(true); // nobody wrote into it meanwhile
        heap.free(b.ptr, b.bytes);
        continue;
      }
      // Mostly small blocks, a quarter large ones of 1–4 MiB (whole floats, as the backend asks)
      const bytes = 4 * (rng.next() < 0.75 ? 1 + rng.int(4096) : (LARGE_BYTES >> 2) + rng.int(3 * (LARGE_BYTES >> 2)));
      const b = { ptr: heap.alloc(bytes), bytes, mark: mark++ };
      expect(b.ptr % 64).toBe(0);
      if (!heap.lastWasReused) expect(floats(b).every((v) => v === 0)).toBe(true);
      floats(b).fill(b.mark);
      live.push(b);
    }
    for (const b of live) expect(floats(b).every((v) => v === b.mark)).toBe(true);
    const sorted = [...live].sort((x, y) => x.ptr - y.ptr);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].ptr).toBeGreaterThanOrEqual(sorted[i - 1].ptr + sorted[i - 1].bytes);
  });
});
