// Curves that grow while the engine works (loss per step, reward per update): several series, a linear or log y
// axis, marked reference lines (ln V, a baseline), and a readout of every series at the cursor — by pointer, or by
// the arrow keys once the plot has focus. Each series' path is drawn in data coordinates and only extended when
// points are appended; a growing x domain changes one transform, not the paths.
import { memo, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Axis, continuousTicks } from './Axis';
import type { FigureTable } from './figureData';
import { formatValue } from './figureData';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import { emptyPath, extendPath, isAppendOf, lineScales, nearestIndex, type PathState, type Point, type YScaleKind } from './lineLayout';
import type { Concept } from './palette';
import { useVizTheme } from './theme';
import { useElementWidth } from './useElementWidth';

export interface LineSeries {
  id: string;
  label: string;
  concept: Concept;
  /** Sorted by x. Append by passing a longer array that starts with the same points. */
  points: readonly Point[];
  dashed?: boolean;
}

export interface ReferenceLine {
  y: number;
  label: string;
}

interface LineChartProps extends FrameProps {
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  yScale?: YScaleKind;
  references?: readonly ReferenceLine[];
  /** The x domain covers at least this (e.g. [0, planned steps]) and grows past it with the data. */
  minXDomain?: readonly [number, number];
  height?: number;
}

export function LineChart({ series, xLabel, yLabel, yScale = 'linear', references = [], minXDomain, height = 260, ...frame }: LineChartProps) {
  const theme = useVizTheme();
  const [plotRef, outerWidth] = useElementWidth<HTMLDivElement>(640, 960);
  const [cursorX, setCursorX] = useState<number | null>(null);
  const unit = theme.fontSize / 12;
  const margin = { top: 10 * unit, right: 16 * unit, bottom: 44 * unit, left: 60 * unit };
  const width = Math.max(120, outerWidth - margin.left - margin.right);
  const scales = lineScales(series.map((s) => s.points), references.map((r) => r.y), width, height, yScale, minXDomain);
  const longest = series.reduce<LineSeries | undefined>((a, s) => (!a || s.points.length > a.points.length ? s : a), undefined);

  const moveCursor = (event: PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setCursorX(scales.x.invert(event.clientX - box.left));
  };
  const stepCursor = (event: KeyboardEvent) => {
    const points = longest?.points ?? [];
    if (!points.length) return;
    const at = cursorX === null ? -1 : nearestIndex(points, cursorX);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: points.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    setCursorX(points[Math.min(points.length - 1, Math.max(0, to))].x);
  };

  const readout = cursorX === null ? [] : series.map((s) => ({ s, p: s.points[nearestIndex(s.points, cursorX)] })).filter((r) => r.p);
  const ruleX = readout.length ? readout[0].p.x : null;

  return (
    <FigureFrame {...frame} table={() => lineTable(series, xLabel, yLabel)}>
      <ul className="viz-legend">
        {series.map((s) => (
          <li key={s.id} style={{ color: theme.colour(s.concept, 'ink') }}>
            <span className="viz-legend-swatch" style={{ borderTopStyle: s.dashed ? 'dashed' : 'solid' }} aria-hidden="true" />
            <span style={{ color: theme.page.text }}>{s.label}</span>
          </li>
        ))}
      </ul>
      <div
        ref={plotRef}
        className="viz-plot"
        tabIndex={0}
        role="group"
        aria-label={`${frame.title}: ${yLabel} against ${xLabel}${yScale === 'log' ? ' (log scale)' : ''}. Left and right arrow keys read the values.`}
        onKeyDown={stepCursor}
      >
        <svg width={width + margin.left + margin.right} height={height + margin.top + margin.bottom} aria-hidden="true" data-y-scale={yScale}>
          <g transform={`translate(${margin.left},${margin.top})`}>
            <g transform={`translate(0,${height})`}>
              <Axis side="bottom" length={width} ticks={continuousTicks(scales.x, Math.max(2, Math.floor(width / (70 * unit))))} title={xLabel} />
            </g>
            <Axis side="left" length={height} ticks={continuousTicks(scales.y, Math.max(2, Math.floor(height / (40 * unit))))} title={yLabel} titleOffset={margin.left - 14 * unit} />
            {references.map((r) => (
              <g key={r.label} transform={`translate(0,${scales.y(r.y)})`} data-reference={r.label}>
                <line x2={width} stroke={theme.page.muted} strokeDasharray="6 4" strokeWidth={1.5} />
                <text x={width - 4} y={-5} textAnchor="end" fill={theme.page.text} fontSize={theme.fontSize}>
                  {r.label}
                </text>
              </g>
            ))}
            {series.map((s) => (
              <SeriesPath key={s.id} series={s} kind={yScale} transform={scales.dataToPixels} colour={theme.colour(s.concept, 'ink')} />
            ))}
            {ruleX !== null && <line className="viz-rule" x1={scales.x(ruleX)} x2={scales.x(ruleX)} y2={height} stroke={theme.page.text} strokeWidth={1} />}
            {readout.map(({ s, p }) =>
              Number.isFinite(p.y) && (yScale === 'linear' || p.y > 0) ? (
                <circle key={s.id} cx={scales.x(p.x)} cy={scales.y(p.y)} r={4 * unit} fill={theme.colour(s.concept)} stroke={theme.page.background} />
              ) : null,
            )}
            <rect width={width} height={height} fill="transparent" onPointerMove={moveCursor} onPointerDown={moveCursor} />
          </g>
        </svg>
      </div>
      <p className="viz-readout" aria-live="polite">
        {readout.length > 0
          ? `${xLabel} ${formatValue(readout[0].p.x)}: ${readout.map(({ s, p }) => `${s.label} ${formatValue(p.y)}`).join(', ')}`
          : 'Point at the plot, or focus it and press ← →, to read the values.'}
      </p>
    </FigureFrame>
  );
}

/** One series' line. Its `d` is extended in place when points are appended; a fresh series starts a new path. */
const SeriesPath = memo(function SeriesPath({ series, kind, transform, colour }: { series: LineSeries; kind: YScaleKind; transform: string; colour: string }) {
  const cache = useRef<{ kind: YScaleKind; state: PathState }>({ kind, state: emptyPath });
  const { points } = series;
  const d = useMemo(() => {
    const c = cache.current;
    const start = c.kind === kind && isAppendOf(c.state, points) ? c.state : emptyPath;
    cache.current = { kind, state: extendPath(start, points, kind) };
    return cache.current.state.d;
  }, [points, kind]);
  return (
    <path
      data-series={series.id}
      d={d}
      transform={transform}
      fill="none"
      stroke={colour}
      strokeWidth={2.5}
      strokeDasharray={series.dashed ? '7 4' : undefined}
      vectorEffect="non-scaling-stroke"
      strokeLinejoin="round"
    />
  );
});

/** The numbers in long form: one row per point, the series named in the first column. */
export function lineTable(series: readonly LineSeries[], xLabel: string, yLabel: string): FigureTable {
  return { columns: ['series', xLabel, yLabel], rows: series.flatMap((s) => s.points.map((p) => [s.label, p.x, p.y])) };
}
