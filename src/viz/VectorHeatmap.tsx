// A (rows × columns) matrix of numbers drawn on a canvas, one cell per value: positive values in a concept's
// colour, negative ones in the page's text colour, strength by magnitude. Dense grids belong on canvas (one draw
// call per cell, no DOM nodes), labelled for screen readers by the caller's description.
import { useEffect, useRef } from 'react';
import { useStore } from '../state/store';
import { conceptColour, projectorSurfaces, surfaces, type Concept } from './palette';

interface VectorHeatmapProps {
  values: Float32Array;
  rows: number;
  columns: number;
  /** Only the first `shownColumns` columns are drawn (a readable slice of a wide vector). */
  shownColumns?: number;
  concept?: Concept;
  description: string;
  cellWidth?: number;
  cellHeight?: number;
}

export function VectorHeatmap({ values, rows, columns, shownColumns = columns, concept = 'vector', description, cellWidth = 10, cellHeight = 10 }: VectorHeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useStore((s) => s.theme);
  const projector = useStore((s) => s.projector);
  const width = shownColumns * cellWidth;
  const height = rows * cellHeight;

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) return;
    const scale = window.devicePixelRatio || 1;
    canvas.width = width * scale;
    canvas.height = height * scale;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    const page = projector ? projectorSurfaces[theme] : surfaces[theme];
    ctx.fillStyle = page.background;
    ctx.fillRect(0, 0, width, height);
    let max = 1e-9;
    for (let r = 0; r < rows; r++) for (let c = 0; c < shownColumns; c++) max = Math.max(max, Math.abs(values[r * columns + c]));
    const positive = conceptColour(concept, theme);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < shownColumns; c++) {
        const v = values[r * columns + c] / max;
        ctx.globalAlpha = Math.min(1, Math.abs(v));
        ctx.fillStyle = v >= 0 ? positive : page.text;
        ctx.fillRect(c * cellWidth, r * cellHeight, cellWidth - 1, cellHeight - 2);
      }
    }
    ctx.globalAlpha = 1;
  }, [values, rows, columns, shownColumns, cellWidth, cellHeight, width, height, theme, projector, concept]);

  return <canvas ref={ref} className="heatmap" style={{ width, height }} role="img" aria-label={description} />;
}
