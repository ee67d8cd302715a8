// A map of many points (token embeddings projected to 2-D): drawn on a canvas so thousands stay smooth, with SVG
// text naming a few, a search that highlights matches, arrows for analogies (king → queen), and pan and zoom by
// pointer (d3-zoom), by buttons, or by keys once the map has focus (+ − 0 and the arrows).
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Axis, continuousTicks } from './Axis';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import { formatValue } from './figureData';
import type { Concept } from './palette';
import { labelledPoints, matchPoints, pointIndex, scatterScales, type ScatterPoint } from './scatterLayout';
import { useVizTheme, type VizTheme } from './theme';
import { useElementWidth } from './useElementWidth';

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
}

const maxLabels = 40;

export function Scatter({ points, xLabel, yLabel, concept = 'vector', labelIds = [], arrows = [], height = 360, ...frame }: ScatterProps) {
  const theme = useVizTheme();
  const { page, fontSize } = theme;
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [measureRef, outerWidth] = useElementWidth<HTMLDivElement>(560, 900);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const behaviour = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [query, setQuery] = useState('');
  const [hovered, setHovered] = useState<ScatterPoint | null>(null);
  const margin = { left: fontSize * 4, bottom: fontSize * 3.6, top: 8, right: 12 };
  const width = Math.max(160, outerWidth - margin.left - margin.right);

  const base = useMemo(() => scatterScales(points, width, height), [points, width, height]);
  const index = useMemo(() => pointIndex(points, base), [points, base]);
  const matches = useMemo(() => matchPoints(points, query), [points, query]);
  const byId = useMemo(() => new Map(points.map((p) => [p.id, p])), [points]);
  const named = useMemo(() => labelledPoints(points, new Set(labelIds), matches, maxLabels), [points, labelIds, matches]);
  const x = transform.rescaleX(base.x);
  const y = transform.rescaleY(base.y);

  useEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return;
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([1, 50])
      .extent([[0, 0], [width, height]])
      .translateExtent([[-width / 2, -height / 2], [width * 1.5, height * 1.5]])
      .on('zoom', (event: { transform: ZoomTransform }) => setTransform(event.transform));
    behaviour.current = z;
    select(surface).call(z);
    return () => void select(surface).on('.zoom', null);
  }, [width, height]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (canvas && ctx) drawPoints(canvas, ctx, points, matches, x, y, width, height, theme, concept);
  });

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
    else if (pans[event.key]) act((z, s) => z.translateBy(s, pans[event.key][0] / transform.k, pans[event.key][1] / transform.k));
    else return;
    event.preventDefault();
  };
  const onPointer = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const [bx, by] = transform.invert([event.clientX - box.left, event.clientY - box.top]);
    setHovered(index.find(bx, by, 24 / transform.k) ?? null);
  };

  const shown = hovered && !named.includes(hovered) ? [...named, hovered] : named;
  const totalWidth = width + margin.left + margin.right;
  const totalHeight = height + margin.top + margin.bottom;
  const inView = (p: ScatterPoint) => x(p.x) >= 0 && x(p.x) <= width && y(p.y) >= 0 && y(p.y) <= height;

  return (
    <FigureFrame {...frame} table={() => ({ columns: ['label', xLabel, yLabel], rows: points.map((p) => [p.label, p.x, p.y]) })}>
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
              {arrows.map((a) => {
                const [from, to] = [byId.get(a.from), byId.get(a.to)];
                if (!from || !to) return null;
                return <line key={`${a.from}-${a.to}`} data-arrow x1={x(from.x)} y1={y(from.y)} x2={x(to.x)} y2={y(to.y)} stroke={page.text} strokeWidth={1.5} markerEnd={`url(#${id}-head)`} />;
              })}
              {shown.filter(inView).map((p) => (
                <text key={p.id} data-label={p.label} x={x(p.x) + 6} y={y(p.y) - 6} fontSize={fontSize} fill={page.text} stroke={page.background} strokeWidth={3} paintOrder="stroke" style={{ whiteSpace: 'pre' }}>
                  {p.label}
                </text>
              ))}
            </g>
          </svg>
          <div
            ref={surfaceRef}
            className="viz-zoom-surface"
            tabIndex={0}
            role="group"
            aria-label={`${frame.title}: ${points.length} points. Plus and minus zoom, arrow keys pan, 0 resets.`}
            data-zoom={transform.k.toFixed(3)}
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

function drawPoints(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  points: readonly ScatterPoint[],
  matches: ReadonlySet<ScatterPoint['id']>,
  x: (v: number) => number,
  y: (v: number) => number,
  width: number,
  height: number,
  theme: VizTheme,
  concept: Concept,
) {
  const scale = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, width, height);
  // All ordinary points in one path and one fill; matches on top, larger, ringed in the text colour.
  const r = theme.projector ? 3.5 : 2.5;
  ctx.beginPath();
  for (const p of points) {
    if (matches.has(p.id)) continue;
    const [px, py] = [x(p.x), y(p.y)];
    if (px < -r || px > width + r || py < -r || py > height + r) continue;
    ctx.moveTo(px + r, py);
    ctx.arc(px, py, r, 0, 2 * Math.PI);
  }
  ctx.globalAlpha = matches.size ? 0.35 : 0.75;
  ctx.fillStyle = theme.colour(concept);
  ctx.fill();
  ctx.globalAlpha = 1;
  if (!matches.size) return;
  ctx.beginPath();
  for (const p of points) {
    if (!matches.has(p.id)) continue;
    ctx.moveTo(x(p.x) + 2 * r, y(p.y));
    ctx.arc(x(p.x), y(p.y), 2 * r, 0, 2 * Math.PI);
  }
  ctx.fillStyle = theme.colour(concept);
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = theme.page.text;
  ctx.stroke();
}
