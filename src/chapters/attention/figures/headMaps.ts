// Slicing the all-heads result into one head's (T × T) map, the causal mask that goes with it, and the grid's
// table (every weight of every head), kept apart from the components so tests can read them.
import type { FigureTable } from '../../../viz/figureData';

/** Head (layer, head)'s (T × T) weights out of the (nLayer, nHead, T, T) array. */
export function headMap(weights: Float32Array, nHead: number, T: number, layer: number, head: number): Float32Array {
  const start = (layer * nHead + head) * T * T;
  return weights.subarray(start, start + T * T);
}

/** 1 above the diagonal: key j comes after query i, so the query cannot see it. */
export function causalMaskCells(T: number): Uint8Array {
  const mask = new Uint8Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) mask[i * T + j] = 1;
  return mask;
}

/** Every visible weight of every head: layer, head, query, key, weight (counted from 1). */
export function gridTable(weights: Float32Array, nLayer: number, nHead: number, labels: readonly string[]): FigureTable {
  const T = labels.length;
  const rows: (string | number)[][] = [];
  for (let l = 0; l < nLayer; l++)
    for (let h = 0; h < nHead; h++) {
      const map = headMap(weights, nHead, T, l, h);
      for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) rows.push([l + 1, h + 1, i + 1, labels[i], j + 1, labels[j], map[i * T + j]]);
    }
  return { columns: ['layer', 'head', 'query position', 'query token', 'key position', 'key token', 'weight'], rows };
}
