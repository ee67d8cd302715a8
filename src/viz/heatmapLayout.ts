// The heat map's pixels, as pure functions: a colour ramp per scale kind, the value range, one RGBA pixel per cell
// (the canvas then scales the image up, so a 128 × 128 map is 16,384 array writes and one draw call), and which
// cell a pointer is over.
import { interpolateRgb } from 'd3';

export type HeatScale = 'sequential' | 'diverging';

/** Steps in a colour ramp; 256 is finer than the eye tells apart. */
export const rampSize = 256;

/**
 * RGB triples, `rampSize` of them. Sequential: page background (0) → concept colour (max). Diverging: the
 * negative colour (−max) → background (0) → concept colour (+max), so sign reads as hue and size as strength.
 */
export function colourRamp(kind: HeatScale, positive: string, background: string, negative: string): Uint8Array {
  const ramp = new Uint8Array(rampSize * 3);
  const up = interpolateRgb(background, positive);
  const down = interpolateRgb(background, negative);
  for (let i = 0; i < rampSize; i++) {
    const t = i / (rampSize - 1);
    const colour = kind === 'sequential' ? up(t) : t >= 0.5 ? up((t - 0.5) * 2) : down((0.5 - t) * 2);
    const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(colour);
    if (m) ramp.set([+m[1], +m[2], +m[3]], i * 3);
  }
  return ramp;
}

/** The values' range for a scale: [min(0, min), max] for sequential, symmetric ±max |v| for diverging. */
export function heatDomain(values: ArrayLike<number>, kind: HeatScale, mask?: ArrayLike<number | boolean>): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || mask?.[i]) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  return [lo, hi > lo ? hi : lo + 1];
}

/**
 * One RGBA pixel per cell, row-major like `values`. Masked cells (mask[i] truthy) take `maskRgb`; non-finite
 * values are drawn as the mask is, never as a colour that claims a number. Each pixel is one 32-bit write of a
 * packed colour, and the loop without a mask has no mask test: 16 maps of 128 × 128 take a few milliseconds.
 */
export function heatmapPixels(
  values: ArrayLike<number>,
  ramp: Uint8Array,
  domain: readonly [number, number],
  maskRgb: readonly [number, number, number],
  mask?: ArrayLike<number | boolean>,
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(values.length * 4),
): Uint8ClampedArray<ArrayBuffer> {
  const [lo, hi] = domain;
  const toIndex = (rampSize - 1) / (hi - lo || 1);
  const top = rampSize - 1;
  const colours = new Uint32Array(rampSize);
  for (let k = 0; k < rampSize; k++) colours[k] = packRgba(ramp[k * 3], ramp[k * 3 + 1], ramp[k * 3 + 2]);
  const masked = packRgba(maskRgb[0], maskRgb[1], maskRgb[2]);
  const pixels = new Uint32Array(out.buffer, out.byteOffset, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (mask !== undefined && mask[i])) {
      pixels[i] = masked;
      continue;
    }
    const k = (v - lo) * toIndex + 0.5;
    pixels[i] = colours[k <= 0 ? 0 : k >= top ? top : k | 0];
  }
  return out;
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** An opaque RGBA colour as the 32-bit word whose bytes, in memory order, are r, g, b, 255. */
function packRgba(r: number, g: number, b: number): number {
  return isLittleEndian ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

/** The cell under a point (px, py) of the drawn map, or null outside it. */
export function cellAt(px: number, py: number, cellWidth: number, cellHeight: number, rows: number, columns: number): { row: number; column: number } | null {
  const column = Math.floor(px / cellWidth);
  const row = Math.floor(py / cellHeight);
  return row >= 0 && row < rows && column >= 0 && column < columns ? { row, column } : null;
}

/** The cell a key moves to from `cell`, kept inside the map; null for keys that do not move. */
export function stepCell(cell: { row: number; column: number }, key: string, rows: number, columns: number) {
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  if (key === 'Home') return { row: cell.row, column: 0 };
  if (key === 'End') return { row: cell.row, column: columns - 1 };
  const move = moves[key];
  if (!move) return null;
  return { row: Math.min(rows - 1, Math.max(0, cell.row + move[0])), column: Math.min(columns - 1, Math.max(0, cell.column + move[1])) };
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
