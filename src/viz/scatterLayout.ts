// The scatter map's geometry, as pure functions: scales that fit every point with a margin, the points a search
// matches, the few that get a text label, and the point nearest a cursor (a quadtree, so 5,000 points cost a few
// comparisons per pointer move).
import { interpolateNumber, quadtree, scaleLinear, type Quadtree, type ScaleLinear } from 'd3';

export interface ScatterPoint {
  id: string | number;
  x: number;
  y: number;
  label: string;
}

export interface ScatterScales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** Linear scales over the points' extent, padded by 5 % so no point sits on the frame. Equal units on both axes
 *  would distort nothing (the map is a projection), so each axis keeps its own range. */
export function scatterScales(points: readonly ScatterPoint[], width: number, height: number): ScatterScales {
  const extent = (key: 'x' | 'y'): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) if (Number.isFinite(p[key])) [lo, hi] = [Math.min(lo, p[key]), Math.max(hi, p[key])];
    if (!(lo <= hi)) return [-1, 1];
    const pad = (hi - lo) * 0.05 || 1;
    return [lo - pad, hi + pad];
  };
  return { x: scaleLinear().domain(extent('x')).range([0, width]), y: scaleLinear().domain(extent('y')).range([height, 0]) };
}

/** Points whose label contains the query (case-insensitive, surrounding spaces ignored); none for an empty query. */
export function matchPoints(points: readonly ScatterPoint[], query: string): Set<ScatterPoint['id']> {
  const q = query.trim().toLowerCase();
  const found = new Set<ScatterPoint['id']>();
  if (!q) return found;
  for (const p of points) if (p.label.trim().toLowerCase().includes(q)) found.add(p.id);
  return found;
}

/** The points to name on the map: those asked for, then search matches, at most `max` (labels are SVG text). */
export function labelledPoints(points: readonly ScatterPoint[], always: ReadonlySet<ScatterPoint['id']>, matches: ReadonlySet<ScatterPoint['id']>, max: number): ScatterPoint[] {
  const named = points.filter((p) => always.has(p.id));
  for (const p of points) {
    if (named.length >= max) break;
    if (matches.has(p.id) && !always.has(p.id)) named.push(p);
  }
  return named.slice(0, max);
}

/** A quadtree of the points at their pixel positions on the unzoomed scales. */
export function pointIndex(points: readonly ScatterPoint[], scales: ScatterScales): Quadtree<ScatterPoint> {
  return quadtree<ScatterPoint>()
    .x((p) => scales.x(p.x))
    .y((p) => scales.y(p.y))
    .addAll(points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
}

/**
 * Positions between two maps of the same points, for a tween: at t each point matched by id is d3-interpolated from
 * where it was to where it goes; a point new to the map sits at its target. At t = 1 the answer is `to` itself.
 */
export function interpolatePoints(from: readonly ScatterPoint[], to: readonly ScatterPoint[]): (t: number) => readonly ScatterPoint[] {
  const before = new Map(from.map((p) => [p.id, p]));
  const paths = to.map((p) => {
    const was = before.get(p.id);
    return was ? { x: interpolateNumber(was.x, p.x), y: interpolateNumber(was.y, p.y) } : null;
  });
  return (t) => (t >= 1 ? to : to.map((p, i) => (paths[i] ? { ...p, x: paths[i]!.x(t), y: paths[i]!.y(t) } : p)));
}

/** Every point's pixel position on the unzoomed scales, [x0, y0, x1, y1, …] (NaN for a point with no position):
 *  computed once per map, so a pan or zoom costs one multiply-add per coordinate (zoom.applyX/Y) and no scale call. */
export function basePixels(points: readonly ScatterPoint[], scales: ScatterScales): Float32Array {
  const out = new Float32Array(2 * points.length);
  points.forEach((p, i) => {
    out[2 * i] = Number.isFinite(p.x) ? scales.x(p.x) : NaN;
    out[2 * i + 1] = Number.isFinite(p.y) ? scales.y(p.y) : NaN;
  });
  return out;
}
