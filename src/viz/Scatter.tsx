// A map of many points (token embeddings projected to 2-D): drawn on a canvas so thousands stay smooth, with SVG
// text naming a few, a search that highlights matches, arrows for analogies (king → queen), and pan and zoom by
// pointer (d3-zoom), by buttons, or by keys once the map has focus (+ − 0 and the arrows).
// Panning must keep up with the pointer at 5,000 points, so a zoom event never re-renders React: it keeps the
// transform in a ref and asks for one canvas redraw per animation frame, moving the few SVG labels and arrows by
// hand in the same frame; React takes the settled transform (axes, readout) when the gesture ends.
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Axis, continuousTicks } from './Axis';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import { formatValue } from './figureData';
import type { Concept } from './palette';
import { basePixels, labelledPoints, matchPoints, pointIndex, scatterScales, type ScatterPoint } from './scatterLayout';
import { useVizTheme, type VizTheme } from './theme';
import { useElementWidth } from './useElementWidth';
import { useTweenedPoints } from './useTweenedPoints';

export interface ScatterArrow {
  from: ScatterPoint['id'];
  to: ScatterPoint['id'];
}

interface ScatterProps extends FrameProps {
  points: readonly ScatterPoint[];
  xLabel: string;
  yLabel: string;
  concept?: Concept;
  /** Points always named on the map (keep it to a few dozen). */
  labelIds?: readonly ScatterPoint['id'][];
  arrows?: readonly ScatterArrow[];
  height?: number;
  /** When the points change, glide each (matched by id) to its new place over this many ms; 0 (the default) jumps.
   *  Reduced motion always jumps. Meant for maps of tens or hundreds of points (each frame re-renders). */
  tweenMs?: number;
}

const maxLabels = 40;
/** Above this many points, ordinary points are drawn as squares (see drawPoints). */
const denseMap = 1000;
/** Pixels between a point and its name. */
const labelOffset = 6;

export function Scatter({ points: target, xLabel, yLabel, concept = 'vector', labelIds = [], arrows = [], height = 360, tweenMs = 0, ...frame }: ScatterProps) {
  const theme = useVizTheme();
  const { page, fontSize } = theme;
  const points = useTweenedPoints(target, theme.transitionMs === 0 ? 0 : tweenMs);
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [measureRef, outerWidth] = useElementWidth<HTMLDivElement>(560, 900);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<SVGGElement>(null);
  const behaviour = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  /** The transform now, updated on every zoom event without a render. */
  const live = useRef<ZoomTransform>(zoomIdentity);
  /** The transform React last settled on (gesture ended): axes, readout, buttons. */
  const [settled, setSettled] = useState<ZoomTransform>(zoomIdentity);
  const [query, setQuery] = useState('');
  const [hovered, setHovered] = useState<ScatterPoint | null>(null);
  const margin = { left: fontSize * 4, bottom: fontSize * 3.6, top: 8, right: 12 };
  const width = Math.max(160, outerWidth - margin.left - margin.right);

  const base = useMemo(() => scatterScales(points, width, height), [points, width, height]);
  const pixels = useMemo(() => basePixels(points, base), [points, base]);
  const index = useMemo(() => pointIndex(points, base), [points, base]);
  const matches = useMemo(() => matchPoints(points, query), [points, query]);
  const byId = useMemo(() => new Map(points.map((p) => [p.id, p])), [points]);
  const named = useMemo(() => labelledPoints(points, new Set(labelIds), matches, maxLabels), [points, labelIds, matches]);
  // Rendered from the live transform, so a render in mid-gesture (new points from the worker) agrees with the canvas.
  const transform = live.current;
  const x = transform.rescaleX(base.x);
  const y = transform.rescaleY(base.y);

  // What one frame does: the canvas from the live transform, and the labels and arrows moved to match.
  const paint = useRef(() => {});
  paint.current = () => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d'); // jsdom: no canvas, no draw
    if (canvas && ctx) drawPoints(canvas, ctx, points, pixels, matches, live.current, width, height, theme, concept);
    if (overlayRef.current) placeOverlay(overlayRef.current, live.current);
  };
  const pending = useRef(0);
  const requestPaint = useRef(() => {
    if (pending.current) return;
    if (typeof requestAnimationFrame !== 'function') return paint.current();
    pending.current = requestAnimationFrame(() => {
      pending.current = 0;
      paint.current();
    });
  });
  useEffect(() => () => {
    if (pending.current && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(pending.current);
  }, []);

  useEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return;
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([1, 50])
      .extent([[0, 0], [width, height]])
      .translateExtent([[-width / 2, -height / 2], [width * 1.5, height * 1.5]])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        live.current = event.transform;
        requestPaint.current();
      })
      .on('end', (event: { transform: ZoomTransform }) => {
        live.current = event.transform;
        setSettled(event.transform);
      });
    behaviour.current = z;
    select(surface).call(z);
    return () => void select(surface).on('.zoom', null);
  }, [width, height]);

  // The points, the search, the size or the theme changed: draw at once, before the browser paints.
  useLayoutEffect(() => paint.current(), [points, pixels, matches, width, height, theme, concept, settled]);

  /** Zooms or pans by the buttons and keys, animated unless the reader asked for reduced motion. */
  const act = (change: (z: ZoomBehavior<HTMLDivElement, unknown>, s: ReturnType<typeof select<HTMLDivElement, unknown>>) => void) => {
    const surface = surfaceRef.current;
    const z = behaviour.current;
    if (!surface || !z) return;
    const selection = select<HTMLDivElement, unknown>(surface);
    if (theme.transitionMs === 0) change(z, selection);
    else change(z, selection.transition().duration(theme.transitionMs) as unknown as typeof selection);
  };
  const zoomBy = (k: number) => act((z, s) => z.scaleBy(s, k));
  const reset = () => act((z, s) => z.transform(s, zoomIdentity));
  const onKey = (event: KeyboardEvent) => {
    const step = 40;
    const pans: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (event.key === '+' || event.key === '=') zoomBy(1.5);
    else if (event.key === '-') zoomBy(1 / 1.5);
    else if (event.key === '0') reset();
    else if (pans[event.key]) act((z, s) => z.translateBy(s, pans[event.key][0] / live.current.k, pans[event.key][1] / live.current.k));
    else return;
    event.preventDefault();
  };
  const onPointer = (event: PointerEvent<HTMLDivElement>) => {
    if (event.buttons !== 0) return; // dragging: the map is moving under the pointer, name nothing
    const t = live.current;
    const box = event.currentTarget.getBoundingClientRect();
    const [bx, by] = t.invert([event.clientX - box.left, event.clientY - box.top]);
    setHovered(index.find(bx, by, 24 / t.k) ?? null);
  };

  const shown = hovered && !named.includes(hovered) ? [...named, hovered] : named;
  const totalWidth = width + margin.left + margin.right;
  const totalHeight = height + margin.top + margin.bottom;
  const inView = (p: ScatterPoint) => x(p.x) >= 0 && x(p.x) <= width && y(p.y) >= 0 && y(p.y) <= height;

  return (
    <FigureFrame {...frame} table={() => ({ columns: ['label', xLabel, yLabel], rows: target.map((p) => [p.label, p.x, p.y]) })}>
      <div className="viz-controls">
        <label>
          Find a point{' '}
          <input type="text" value={query} onChange={(e) => setQuery(e.target.value)} size={12} />
        </label>
        <span aria-live="polite">{query.trim() ? `${matches.size} found` : ''}</span>
        <button type="button" onClick={() => zoomBy(1.5)}>Zoom in</button>
        <button type="button" onClick={() => zoomBy(1 / 1.5)}>Zoom out</button>
        <button type="button" onClick={reset} disabled={transform.k === 1 && transform.x === 0 && transform.y === 0}>Reset view</button>
      </div>
      <div ref={measureRef} className="viz-plot">
        <div style={{ position: 'relative', width: totalWidth, height: totalHeight }}>
          <canvas ref={canvasRef} aria-hidden="true" style={{ position: 'absolute', left: margin.left, top: margin.top, width, height }} />
          <svg width={totalWidth} height={totalHeight} aria-hidden="true" style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
            <defs>
              <marker id={`${id}-head`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0L10,5L0,10z" fill={page.text} />
              </marker>
            </defs>
            <g transform={`translate(${margin.left},${margin.top})`}>
              <g transform={`translate(0,${height})`}>
                <Axis side="bottom" length={width} ticks={continuousTicks(x, Math.max(2, Math.floor(width / (fontSize * 6))))} title={xLabel} />
              </g>
              <Axis side="left" length={height} ticks={continuousTicks(y, Math.max(2, Math.floor(height / (fontSize * 4))))} title={yLabel} titleOffset={margin.left - fontSize} />
              <g ref={overlayRef}>
                {arrows.map((a) => {
                  const [from, to] = [byId.get(a.from), byId.get(a.to)];
                  if (!from || !to) return null;
                  return (
                    <line
                      key={`${a.from}-${a.to}`}
                      data-arrow
                      data-base={`${base.x(from.x)} ${base.y(from.y)} ${base.x(to.x)} ${base.y(to.y)}`}
                      x1={x(from.x)} y1={y(from.y)} x2={x(to.x)} y2={y(to.y)}
                      stroke={page.text} strokeWidth={1.5} markerEnd={`url(#${id}-head)`}
                    />
                  );
                })}
                {shown.filter(inView).map((p) => (
                  <text
                    key={p.id}
                    data-label={p.label}
                    data-base={`${base.x(p.x)} ${base.y(p.y)}`}
                    x={x(p.x) + labelOffset} y={y(p.y) - labelOffset}
                    fontSize={fontSize} fill={page.text} stroke={page.background} strokeWidth={3} paintOrder="stroke" style={{ whiteSpace: 'pre' }}
                  >
                    {p.label}
                  </text>
                ))}
              </g>
            </g>
          </svg>
          <div
            ref={surfaceRef}
            className="viz-zoom-surface"
            tabIndex={0}
            role="group"
            aria-label={`${frame.title}: ${points.length} points. Plus and minus zoom, arrow keys pan, 0 resets.`}
            data-zoom={transform.k.toFixed(3)}
            data-view={`${transform.k.toFixed(3)} ${transform.x.toFixed(1)} ${transform.y.toFixed(1)}`}
            style={{ position: 'absolute', left: margin.left, top: margin.top, width, height, touchAction: 'none', cursor: 'grab' }}
            onKeyDown={onKey}
            onPointerMove={onPointer}
            onPointerLeave={() => setHovered(null)}
          />
        </div>
      </div>
      <p className="viz-readout" aria-live="polite">
        {hovered ? `${hovered.label}: ${xLabel} ${formatValue(hovered.x)}, ${yLabel} ${formatValue(hovered.y)}` : `Zoom ${transform.k.toFixed(1)}×. Point at a dot to name it.`}
      </p>
    </FigureFrame>
  );
}

/**
 * Draws every point at its base pixel position under the zoom transform: ordinary points in one path and one fill,
 * search matches on top, larger, ringed in the text colour. The backing store is resized only when the size or the
 * pixel ratio changes (resizing clears and reallocates it, too slow to do per frame).
 */
function drawPoints(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  points: readonly ScatterPoint[],
  pixels: Float32Array,
  matches: ReadonlySet<ScatterPoint['id']>,
  t: ZoomTransform,
  width: number,
  height: number,
  theme: VizTheme,
  concept: Concept,
) {
  const scale = window.devicePixelRatio || 1;
  const [w, h] = [Math.round(width * scale), Math.round(height * scale)];
  if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const r = theme.projector ? 3.5 : 2.5;
  const trace = (isMatch: boolean, radius: number, isSquare: boolean) => {
    ctx.beginPath();
    for (let i = 0; i < points.length; i++) {
      if (matches.has(points[i].id) !== isMatch) continue;
      const px = t.x + t.k * pixels[2 * i], py = t.y + t.k * pixels[2 * i + 1];
      if (!(px >= -radius && px <= width + radius && py >= -radius && py <= height + radius)) continue; // also skips NaN
      if (isSquare) {
        ctx.rect(px - radius, py - radius, 2 * radius, 2 * radius);
      } else {
        ctx.moveTo(px + radius, py);
        ctx.arc(px, py, radius, 0, 2 * Math.PI);
      }
    }
  };
  // A dense map's dots are 5-pixel squares: in Chromium without a GPU, 5,000 arcs took 8–29 ms a frame to trace and
  // 5,000 squares 2–5 ms (measured on the shared 2-core machine, noisy), and at this size the eye barely tells them apart.
  trace(false, r, points.length > denseMap);
  ctx.globalAlpha = matches.size ? 0.35 : 0.75;
  ctx.fillStyle = theme.colour(concept);
  ctx.fill();
  ctx.globalAlpha = 1;
  if (!matches.size) return;
  trace(true, 2 * r, false);
  ctx.fillStyle = theme.colour(concept);
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = theme.page.text;
  ctx.stroke();
}

/** Moves the SVG labels and arrows (a few dozen elements) to the live transform, from their base pixel positions. */
function placeOverlay(overlay: SVGGElement, t: ZoomTransform) {
  for (const element of overlay.children) {
    const at = element.getAttribute('data-base')?.split(' ').map(Number);
    if (!at) continue;
    if (element.tagName === 'line') {
      element.setAttribute('x1', String(t.applyX(at[0])));
      element.setAttribute('y1', String(t.applyY(at[1])));
      element.setAttribute('x2', String(t.applyX(at[2])));
      element.setAttribute('y2', String(t.applyY(at[3])));
    } else {
      element.setAttribute('x', String(t.applyX(at[0]) + labelOffset));
      element.setAttribute('y', String(t.applyY(at[1]) - labelOffset));
    }
  }
}
