// The line chart's geometry, as pure functions: scales from the data, the path of a series in data coordinates
// (extended point by point as a curve grows), and the nearest point to a cursor. No DOM here, so tests read it.
import { bisector } from 'd3';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

export interface Point {
  x: number;
  y: number;
}

export type YScaleKind = 'linear' | 'log';

export interface LineScales {
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  /** SVG transform taking a path drawn in data coordinates (x, y or log10 y) to pixels. */
  dataToPixels: string;
}

/** Whether a point can be drawn on this y scale (log scales cannot show zero, negatives or non-finite values). */
export function isDrawable(p: Point, kind: YScaleKind): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y) && (kind === 'linear' || p.y > 0);
}

/**
 * Scales for a plot of `width` × `height` pixels. The x domain covers every point and at least `minXDomain`, so it
 * grows as points are appended; the y domain covers the points and the reference values, padded a little.
 */
export function lineScales(
  seriesPoints: readonly (readonly Point[])[],
  referenceYs: readonly number[],
  width: number,
  height: number,
  kind: YScaleKind,
  minXDomain: readonly [number, number] = [0, 1],
  fixedYDomain?: readonly [number, number],
): LineScales {
  let [x0, x1] = minXDomain;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const points of seriesPoints)
    for (const p of points) {
      if (!isDrawable(p, kind)) continue;
      if (p.x < x0) x0 = p.x;
      if (p.x > x1) x1 = p.x;
      if (p.y < y0) y0 = p.y;
      if (p.y > y1) y1 = p.y;
    }
  for (const y of referenceYs)
    if (Number.isFinite(y) && (kind === 'linear' || y > 0)) [y0, y1] = [Math.min(y0, y), Math.max(y1, y)];
  if (!(y0 <= y1)) [y0, y1] = kind === 'log' ? [0.1, 10] : [0, 1];
  if (fixedYDomain) [y0, y1] = fixedYDomain;
  else if (kind === 'log') [y0, y1] = y0 === y1 ? [y0 / 2, y1 * 2] : [y0 / 1.1, y1 * 1.1];
  else {
    const pad = y0 === y1 ? Math.abs(y0) / 2 || 1 : (y1 - y0) * 0.05;
    [y0, y1] = [y0 - pad, y1 + pad];
  }
  if (x0 === x1) x1 = x0 + 1;
  const x = scaleLinear().domain([x0, x1]).range([0, width]);
  const y = (kind === 'log' ? scaleLog() : scaleLinear()).domain([y0, y1]).range([height, 0]);
  // Both axes are affine in the path's coordinates (y is log10 y on a log scale): pixel = scale · value + offset.
  const dataY = (v: number) => (kind === 'log' ? 10 ** v : v);
  const sx = x(1) - x(0);
  const sy = y(dataY(1)) - y(dataY(0));
  const ty = y(dataY(0));
  return { x, y, dataToPixels: `matrix(${sx},0,0,${sy},${x(0)},${ty})` };
}

/** Where a series' path stands after some points: its `d`, how many points it covers, whether the pen is down. */
export interface PathState {
  d: string;
  count: number;
  isPenDown: boolean;
  last?: Point;
}

export const emptyPath: PathState = { d: '', count: 0, isPenDown: false };

/**
 * Extends a path in data coordinates by `points[state.count…]`. A point the scale cannot show lifts the pen, so
 * the line breaks there instead of jumping. Appending k points costs O(k), whatever the length already drawn.
 */
export function extendPath(state: PathState, points: readonly Point[], kind: YScaleKind): PathState {
  let { d, isPenDown } = state;
  const parts: string[] = [];
  for (let i = state.count; i < points.length; i++) {
    const p = points[i];
    if (!isDrawable(p, kind)) {
      isPenDown = false;
      continue;
    }
    const y = kind === 'log' ? Math.log10(p.y) : p.y;
    parts.push(`${isPenDown ? 'L' : 'M'}${p.x},${y}`);
    isPenDown = true;
  }
  if (parts.length) d += parts.join('');
  return { d, count: points.length, isPenDown, last: points[points.length - 1] };
}

/** Whether `points` is `state`'s series with points appended (same length or longer, same last known point). */
export function isAppendOf(state: PathState, points: readonly Point[]): boolean {
  if (state.count === 0 || points.length < state.count) return false;
  const known = points[state.count - 1];
  return !!state.last && known.x === state.last.x && Object.is(known.y, state.last.y);
}

const byX = bisector((p: Point) => p.x);

/** Index of the point whose x is nearest to `x` in a series sorted by x, or -1 for an empty series. */
export function nearestIndex(points: readonly Point[], x: number): number {
  if (points.length === 0) return -1;
  const i = byX.center(points, x);
  return Math.min(points.length - 1, Math.max(0, i));
}
