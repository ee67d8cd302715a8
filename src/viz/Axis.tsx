// Axes: D3's scales choose the ticks and format them (pure functions below), React draws them. One component for
// the bottom and left sides; band axes (tokens) thin their labels so they never overlap.
import type { ScaleBand, ScaleContinuousNumeric } from 'd3';
import { useVizTheme } from './theme';

export interface Tick {
  /** Position along the axis, in pixels. */
  offset: number;
  label: string;
}

type ContinuousScale = ScaleContinuousNumeric<number, number>;

/** About `count` ticks of a linear or log scale, labelled by the scale's own formatter (or `format`). */
export function continuousTicks(scale: ContinuousScale, count: number, format?: (v: number) => string): Tick[] {
  const label = format ?? scale.tickFormat(count);
  return scale.ticks(count).map((v) => ({ offset: scale(v), label: label(v) }));
}

/** Band labels at the centre of each band, every `stride`-th one so that labels of `labelSize` px keep apart. */
export function bandTicks(scale: ScaleBand<number>, labels: readonly string[], labelSize: number): Tick[] {
  const stride = Math.max(1, Math.ceil(labelSize / Math.max(1e-9, scale.step())));
  const ticks: Tick[] = [];
  for (let i = 0; i < labels.length; i += stride) ticks.push({ offset: (scale(i) ?? 0) + scale.bandwidth() / 2, label: labels[i] });
  return ticks;
}

interface AxisProps {
  ticks: readonly Tick[];
  side: 'bottom' | 'left';
  /** Length of the axis line, in pixels. */
  length: number;
  /** A name for the axis, drawn beyond the tick labels. */
  title?: string;
  /** Distance from the axis to its title, in pixels. */
  titleOffset?: number;
  /** Bottom axes only: labels written upwards, for long labels such as tokens. */
  vertical?: boolean;
}

export function Axis({ ticks, side, length, title, titleOffset, vertical = false }: AxisProps) {
  const { page, fontSize } = useVizTheme();
  const tick = 5;
  const gap = tick + 3;
  const common = { fill: page.text, fontSize, style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'pre' } } as const;
  if (side === 'bottom') {
    return (
      <g aria-hidden="true">
        <line x1={0} x2={length} stroke={page.rule} />
        {ticks.map((t, i) => (
          <g key={i} transform={`translate(${t.offset},0)`}>
            <line y2={tick} stroke={page.rule} />
            {vertical ? (
              <text {...common} transform={`translate(0,${gap}) rotate(-90)`} textAnchor="end" dominantBaseline="central">
                {t.label}
              </text>
            ) : (
              <text {...common} y={gap} textAnchor="middle" dominantBaseline="hanging">
                {t.label}
              </text>
            )}
          </g>
        ))}
        {title && (
          <text {...common} x={length / 2} y={titleOffset ?? gap + fontSize * 1.6} textAnchor="middle" dominantBaseline="hanging">
            {title}
          </text>
        )}
      </g>
    );
  }
  return (
    <g aria-hidden="true">
      <line y1={0} y2={length} stroke={page.rule} />
      {ticks.map((t, i) => (
        <g key={i} transform={`translate(0,${t.offset})`}>
          <line x2={-tick} stroke={page.rule} />
          <text {...common} x={-gap} textAnchor="end" dominantBaseline="central">
            {t.label}
          </text>
        </g>
      ))}
      {title && (
        <text {...common} transform={`translate(${-(titleOffset ?? 40)},${length / 2}) rotate(-90)`} textAnchor="middle">
          {title}
        </text>
      )}
    </g>
  );
}
