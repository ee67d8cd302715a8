// Horizontal bars, largest first: next-token probabilities, one bar marked (the token the sampler drew), and bars
// a sampling rule cut off (top-k, top-p) greyed and labelled so. D3 picks the scale and ticks; React draws SVG.
// The bars form a list (one item per bar, its label and value as text), so a screen reader reads them in order.
import { scaleBand, scaleLinear, type ScaleLinear } from 'd3';
import { Axis, continuousTicks } from './Axis';
import type { FigureTable } from './figureData';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import type { Concept } from './palette';
import { useVizTheme } from './theme';
import { useElementWidth } from './useElementWidth';

export interface BarDatum {
  id: number | string;
  label: string;
  value: number;
  /** Left out by a sampling rule: drawn grey and said in words. */
  isCut?: boolean;
}

interface BarsProps extends FrameProps {
  items: readonly BarDatum[];
  /** Accessible name of the list of bars ("Likeliest next tokens"). */
  listLabel: string;
  valueLabel: string;
  markedId?: number | string;
  markText?: string;
  concept?: Concept;
  format?: (value: number) => string;
  /** The value axis ends here (1 for probabilities), or at the largest value when absent. */
  maxValue?: number;
}

export interface BarLayout {
  labelWidth: number;
  barWidth: number;
  rowHeight: number;
  /** Value → bar length in pixels (clamped to the axis). */
  x: ScaleLinear<number, number>;
  y: (i: number) => number;
}

/** Where each bar goes in a plot `width` pixels wide; labels are measured as monospace (0.62 em a character). */
export function barLayout(items: readonly BarDatum[], width: number, fontSize: number, valueWidth: number, maxValue?: number): BarLayout {
  const labelWidth = Math.min(width * 0.35, Math.max(3, ...items.map((i) => [...i.label].length)) * fontSize * 0.62 + 8);
  const barWidth = Math.max(40, width - labelWidth - valueWidth);
  const rowHeight = Math.round(fontSize * 2);
  const top = maxValue ?? Math.max(1e-12, ...items.map((i) => i.value));
  const x = scaleLinear().domain([0, top]).range([0, barWidth]).clamp(true);
  const y = scaleBand<number>().domain(items.map((_, i) => i)).range([0, items.length * rowHeight]).paddingInner(0.25).paddingOuter(0.125);
  return { labelWidth, barWidth, rowHeight, x, y: (i) => y(i) ?? 0 };
}

export function formatPercent(p: number): string {
  if (p >= 0.1) return `${(p * 100).toFixed(0)}%`;
  if (p >= 0.001) return `${(p * 100).toFixed(1)}%`;
  return '<0.1%';
}

export function Bars({ items, listLabel, valueLabel, markedId, markText = 'drawn', concept = 'probability', format = formatPercent, maxValue, ...frame }: BarsProps) {
  const theme = useVizTheme();
  const { page, fontSize } = theme;
  const [ref, width] = useElementWidth<HTMLDivElement>(560, 900);
  const valueWidth = fontSize * (5 + markText.length * 0.62);
  const layout = barLayout(items, width, fontSize, valueWidth, maxValue);
  const plotHeight = items.length * layout.rowHeight;
  const bandHeight = layout.rowHeight * 0.75;
  const grey = page.rule;
  const tickCount = Math.max(2, Math.floor(layout.barWidth / (fontSize * 8)));

  return (
    <FigureFrame {...frame} table={() => barsTable(items, valueLabel, markedId, markText)}>
      <div ref={ref} className="viz-plot">
        <svg width={width} height={plotHeight + fontSize * 3} role="list" aria-label={listLabel}>
          {items.map((item, i) => {
            const isMarked = item.id === markedId;
            const y = layout.y(i);
            const ink = item.isCut ? page.muted : page.text;
            return (
              <g key={item.id} role="listitem" transform={`translate(0,${y})`} data-marked={isMarked || undefined} data-cut={item.isCut || undefined}>
                <text x={layout.labelWidth - 8} y={bandHeight / 2} textAnchor="end" dominantBaseline="central" fill={ink} fontSize={fontSize}
                  fontWeight={isMarked ? 700 : 400} style={{ whiteSpace: 'pre', fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
                  {item.label}
                </text>
                <rect x={layout.labelWidth} width={Math.max(2, layout.x(item.value))} height={bandHeight}
                  fill={item.isCut ? grey : theme.colour(concept)} fillOpacity={item.isCut ? 0.45 : 1}
                  stroke={isMarked ? page.text : item.isCut ? grey : theme.colour(concept, 'ink')} strokeWidth={isMarked ? 3 : 1} />
                <text x={layout.labelWidth + layout.x(item.value) + 6} y={bandHeight / 2} dominantBaseline="central" fill={ink} fontSize={fontSize}
                  fontWeight={isMarked ? 700 : 400} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {' '}
                  {format(item.value)}
                  {isMarked && ` ← ${markText}`}
                  {item.isCut && ' (cut off)'}
                </text>
              </g>
            );
          })}
          <g transform={`translate(${layout.labelWidth},${plotHeight + 2})`}>
            <Axis side="bottom" length={layout.barWidth} ticks={continuousTicks(layout.x, tickCount, format === formatPercent ? layout.x.tickFormat(tickCount, '.0%') : format)} />
          </g>
        </svg>
      </div>
    </FigureFrame>
  );
}

export function barsTable(items: readonly BarDatum[], valueLabel: string, markedId: number | string | undefined, markText: string): FigureTable {
  return {
    columns: ['label', 'id', valueLabel, markText, 'cut off'],
    rows: items.map((i) => [i.label, i.id, i.value, i.id === markedId, !!i.isCut]),
  };
}
