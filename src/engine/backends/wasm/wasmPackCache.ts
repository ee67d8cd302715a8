// A GEMM's B packed once and kept with its buffer, for weights that many products read unchanged (inference: every
// forward packs the same 4×(qkv, proj, fc, fc-proj) matrices again, which at 64 rows costs about as much as a quarter
// of the products). Follows gemm.ts's whole-B packing (packBWhole / gemmPrepacked). A packing is made only on the
// second product that reads an unchanged buffer with the same layout, so training (weights rewritten by AdamW every
// step, read once as B per layout) never pays for one; any write into the buffer drops it (see forgetPacking).
import type { WasmHeap } from './wasmHeap';

/** What a packing was made from: op(B) is K×N, read from B stored transposed or not. */
export interface PackLayout {
  transB: boolean;
  N: number;
  K: number;
}

/** A packed copy of a buffer, `floats` long at byte `ptr` of the heap, valid while the buffer is not written. */
export interface Packing extends PackLayout {
  ptr: number;
  floats: number;
}

/** Per-buffer state the cache keeps: the layout last read as B (a candidate), and the packing once made. */
export interface PackSlot {
  seen: PackLayout | null;
  packing: Packing | null;
}

/** Largest packing kept, in floats (16 MiB): bigger B are large enough that packing per call is a small share. */
export const PACK_CACHE_MAX_FLOATS = 1 << 22;

/**
 * Most bytes of packings one heap keeps (128 MiB), first come first kept: a packing is a second copy of its weight,
 * and GPT-2 124M's blocks would take 324 MiB (0.68× the weights) of them, which a tab cannot spare beside the model.
 * The small models fit whole; a large one keeps its first blocks' packings and packs the rest per call, as without
 * the cache (evicting would pack and copy every layer of each forward).
 */
export const PACK_CACHE_BUDGET_BYTES = 128 * 2 ** 20;

/** Bytes of packings each heap keeps now, and the most it may keep. */
const kept = new WeakMap<WasmHeap, { bytes: number; budget: number }>();

/** Sets the most bytes of packings `heap` keeps (packings already kept stay). */
export function setPackBudget(heap: WasmHeap, budget: number): void {
  kept.set(heap, { bytes: kept.get(heap)?.bytes ?? 0, budget });
}

/** Bytes of packings `heap` keeps now. */
export function packedBytes(heap: WasmHeap): number {
  return kept.get(heap)?.bytes ?? 0;
}

function budgetOf(heap: WasmHeap): { bytes: number; budget: number } {
  let b = kept.get(heap);
  if (!b) kept.set(heap, (b = { bytes: 0, budget: PACK_CACHE_BUDGET_BYTES }));
  return b;
}

function sameLayout(a: PackLayout, b: PackLayout): boolean {
  return a.transB === b.transB && a.N === b.N && a.K === b.K;
}

/**
 * The packing of `slot`'s buffer for this layout if there is one; otherwise records the read and returns 'pack'
 * when this is the second read in a row with this layout (the caller then packs into a block from makePacking),
 * or null (pack into scratch as usual).
 */
export function lookupPacking(slot: PackSlot, layout: PackLayout): Packing | 'pack' | null {
  const p = slot.packing;
  if (p && sameLayout(p, layout)) return p;
  if (slot.seen && sameLayout(slot.seen, layout)) return 'pack';
  slot.seen = { transB: layout.transB, N: layout.N, K: layout.K };
  return null;
}

/**
 * Allocates the block for a packing of `floats` floats and records it in the slot (freeing any older one); null
 * when the heap's budget has no room for it (the caller packs into scratch as usual).
 */
export function makePacking(slot: PackSlot, heap: WasmHeap, layout: PackLayout, floats: number): Packing | null {
  forgetPacking(slot, heap);
  const room = budgetOf(heap);
  if (room.bytes + floats * 4 > room.budget) return null;
  room.bytes += floats * 4;
  const packing: Packing = { transB: layout.transB, N: layout.N, K: layout.K, ptr: heap.alloc(floats * 4), floats };
  slot.packing = packing;
  slot.seen = null;
  return packing;
}

/** The buffer was (or is about to be) written, or freed: its packing and read history no longer hold. */
export function forgetPacking(slot: PackSlot, heap: WasmHeap): void {
  if (slot.packing) {
    heap.free(slot.packing.ptr, slot.packing.floats * 4);
    budgetOf(heap).bytes -= slot.packing.floats * 4;
  }
  slot.packing = null;
  slot.seen = null;
}
