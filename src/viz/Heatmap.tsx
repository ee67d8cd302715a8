// A matrix of numbers as coloured cells on a canvas (attention weights, embedding vectors), with token labels on
// its axes and a readout of the cell under the pointer — or under the keyboard cursor, moved with the arrow keys.
// Sequential scales run from the page to the concept's colour; diverging ones add the page's text colour for
// negatives. Masked cells (a token cannot look ahead) are grey and, where cells are large enough, struck through
// (on a diverging map, whose negatives are greys too, the strike and the readout tell them apart).
import { scaleBand } from 'd3';
import { useEffect, useMemo, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { Axis, bandTicks } from './Axis';
import { mixHex } from './colourMath';
import type { FigureTable } from './figureData';
import { formatValue } from './figureData';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import { cellAt, colourRamp, heatDomain, heatmapPixels, hexToRgb, stepCell, type HeatScale } from './heatmapLayout';
import type { Concept } from './palette';
import { useVizTheme } from './theme';
import { useElementWidth } from './useElementWidth';

export interface HeatmapData {
  /** Row-major, rows × columns. */
  values: ArrayLike<number>;
  rows: number;
  columns: number;
  rowLabels?: readonly string[];
  columnLabels?: readonly string[];
  /** Truthy where a cell is masked out (drawn grey, left out of the colour range). */
  mask?: ArrayLike<number | boolean>;
}

interface HeatmapPlotProps extends HeatmapData {
  kind: HeatScale;
  concept: Concept;
  /** What a cell holds ("attention weight"), for the readout and the table. */
  valueLabel: string;
  /** What the map shows, for screen readers. */
  description: string;
  rowTitle?: string;
  columnTitle?: string;
  domain?: readonly [number, number];
  cellWidth?: number;
  cellHeight?: number;
  /** What the readout says before a cell is chosen ('' for small multiples, where one hint is enough). */
  hint?: string;
  /** Draw the token axes (default); small multiples leave them out and keep the labels for the readout. */
  axes?: boolean;
  /** A cell the page points at (a slider's position and dimension), outlined with a dashed line. */
  marked?: { row: number; column: number };
}

const monoWidth = (labels: readonly string[] | undefined, fontSize: number) =>
  labels?.length ? Math.min(fontSize * 8, Math.max(...labels.map((l) => [...l].length)) * fontSize * 0.62 + 12) : fontSize * 2;

/** The map alone, for small multiples that share one frame; `Heatmap` adds the frame. */
export function HeatmapPlot(props: HeatmapPlotProps) {
  const { values, rows, columns, rowLabels, columnLabels, mask, kind, concept, valueLabel, description, rowTitle, columnTitle } = props;
  const theme = useVizTheme();
  const { page, fontSize } = theme;
  const [ref, available] = useElementWidth<HTMLDivElement>(480);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [cell, setCell] = useState<{ row: number; column: number } | null>(null);
  const axes = props.axes ?? true;
  const left = axes ? monoWidth(rowLabels, fontSize) + (rowTitle ? fontSize * 1.6 : 0) : 0;
  const bottom = axes ? monoWidth(columnLabels, fontSize) + (columnTitle ? fontSize * 1.8 : 0) : 0;
  const cellWidth = props.cellWidth ?? Math.min(28, Math.max(1, Math.floor((available - left - 8) / Math.max(1, columns))));
  const cellHeight = props.cellHeight ?? cellWidth;
  const [width, height] = [columns * cellWidth, rows * cellHeight];

  const ramp = useMemo(() => colourRamp(kind, theme.colour(concept), page.background, page.text), [kind, theme, concept, page]);
  const domain = useMemo(() => props.domain ?? heatDomain(values, kind, mask), [props.domain, values, kind, mask]);

  useEffect(() => {
    const ctx = canvasRef.current?.getContext?.('2d');
    if (!canvasRef.current || !ctx) return; // jsdom has no canvas: the table and the readout still work
    drawCells(canvasRef.current, ctx, { values, rows, columns, mask }, ramp, domain, hexToRgb(mixHex(page.rule, page.background, 0.35)), page.muted, cellWidth, cellHeight);
  }, [values, rows, columns, mask, ramp, domain, page, cellWidth, cellHeight]);

  const rowBand = scaleBand<number>().domain(range(rows)).range([0, height]);
  const columnBand = scaleBand<number>().domain(range(columns)).range([0, width]);
  const pointAt = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setCell(cellAt(event.clientX - box.left, event.clientY - box.top, cellWidth, cellHeight, rows, columns));
  };
  const i = cell ? cell.row * columns + cell.column : -1;
  const readout: ReactNode = cell
    ? `${rowTitle ?? 'row'} ${rowLabels?.[cell.row] ?? cell.row + 1}, ${columnTitle ?? 'column'} ${columnLabels?.[cell.column] ?? cell.column + 1}: ${
        mask?.[i] ? 'masked' : `${valueLabel} ${formatValue(values[i])}`
      }`
    : (props.hint ?? 'Point at a cell, or focus the map and use the arrow keys, to read its value.');

  return (
    <div className="viz-heatmap">
      <div
        ref={ref}
        className="viz-plot"
        tabIndex={0}
        role="group"
        aria-label={`${description}. Arrow keys move between cells and read each value.`}
        onFocus={() => setCell((c) => c ?? { row: 0, column: 0 })}
        onKeyDown={(e) => {
          const next = stepCell(cell ?? { row: 0, column: 0 }, e.key, rows, columns);
          if (next) (e.preventDefault(), setCell(next));
        }}
      >
        <div style={{ position: 'relative', width: left + width + 8, height: height + bottom + 4 }}>
          <canvas ref={canvasRef} aria-hidden="true" style={{ position: 'absolute', left, top: 0, width, height }} onPointerMove={pointAt} onPointerDown={pointAt} />
          <svg width={left + width + 8} height={height + bottom + 4} aria-hidden="true" style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
            <g transform={`translate(${left},0)`}>
              {axes && rowLabels && <Axis side="left" length={height} ticks={bandTicks(rowBand, rowLabels, fontSize * 1.2)} title={rowTitle} titleOffset={left - fontSize * 0.8} />}
              <g transform={`translate(0,${height})`}>
                {axes && columnLabels && <Axis side="bottom" vertical length={width} ticks={bandTicks(columnBand, columnLabels, fontSize * 1.2)} title={columnTitle} titleOffset={bottom - fontSize * 1.4} />}
              </g>
              {props.marked && (
                <rect className="viz-mark" x={props.marked.column * cellWidth - 1} y={props.marked.row * cellHeight - 1} width={cellWidth + 2} height={cellHeight + 2} fill="none" stroke={page.text} strokeWidth={2} strokeDasharray="3 2" />
              )}
              {cell && (
                <rect className="viz-cursor" x={cell.column * cellWidth} y={cell.row * cellHeight} width={cellWidth} height={cellHeight} fill="none" stroke={page.text} strokeWidth={2} />
              )}
            </g>
          </svg>
        </div>
      </div>
      <p className="viz-readout" aria-live="polite">
        {readout}
      </p>
    </div>
  );
}

interface HeatmapProps extends FrameProps, HeatmapPlotProps {}

export function Heatmap({ title, source, caption, ...plot }: HeatmapProps) {
  return (
    <FigureFrame title={title} source={source} caption={caption} table={() => heatmapTable(plot, plot.valueLabel, plot.rowTitle, plot.columnTitle)}>
      <HeatmapPlot {...plot} />
    </FigureFrame>
  );
}

/** One row per cell: row label, column label, value, and whether it is masked. */
export function heatmapTable(data: HeatmapData, valueLabel: string, rowTitle = 'row', columnTitle = 'column'): FigureTable {
  const rows: (string | number | boolean)[][] = [];
  for (let r = 0; r < data.rows; r++)
    for (let c = 0; c < data.columns; c++) {
      const i = r * data.columns + c;
      const row = [data.rowLabels?.[r] ?? r + 1, data.columnLabels?.[c] ?? c + 1, data.values[i]];
      rows.push(data.mask ? [...row, !!data.mask[i]] : row);
    }
  return { columns: [rowTitle, columnTitle, valueLabel, ...(data.mask ? ['masked'] : [])], rows };
}

/** Shared by every map: draws run one at a time, and a map copies the scratch canvas before the next draw. */
let scratch: HTMLCanvasElement | null = null;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function drawCells(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  data: Pick<HeatmapData, 'values' | 'rows' | 'columns' | 'mask'>,
  ramp: Uint8Array,
  domain: readonly [number, number],
  maskRgb: [number, number, number],
  strikeColour: string,
  cellWidth: number,
  cellHeight: number,
) {
  const { values, rows, columns, mask } = data;
  const scale = window.devicePixelRatio || 1;
  const [w, h] = [Math.round(columns * cellWidth * scale), Math.round(rows * cellHeight * scale)];
  // Resizing a canvas reallocates it; the cells cover it entirely, so an unchanged size needs no clearing.
  if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
  // One pixel per cell on a scratch canvas, then scaled up without smoothing: one draw call whatever the size.
  scratch ??= document.createElement('canvas');
  if (scratch.width !== columns || scratch.height !== rows) [scratch.width, scratch.height] = [columns, rows];
  scratch.getContext('2d')?.putImageData(new ImageData(heatmapPixels(values, ramp, domain, maskRgb, mask), columns, rows), 0, 0);
  const cells = scratch;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, 0, 0, columns * cellWidth, rows * cellHeight);
  if (!mask || cellWidth < 8 || cellHeight < 8) return;
  ctx.beginPath();
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++)
      if (mask[r * columns + c]) {
        ctx.moveTo(c * cellWidth + 2, (r + 1) * cellHeight - 2);
        ctx.lineTo((c + 1) * cellWidth - 2, r * cellHeight + 2);
      }
  ctx.strokeStyle = strikeColour;
  ctx.lineWidth = 1;
  ctx.stroke();
}
