// Arcs from one token to the tokens it attends to: the selected token's row of a (T × T) weight matrix drawn as
// arcs above the text, thicker and stronger for larger weights, so "where does this token look" reads at a glance.
// Tokens are buttons: pick one (pointer, Tab, Enter) to see its arcs.
import { path, scaleBand } from 'd3';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import type { FigureTable } from './figureData';
import type { Concept } from './palette';
import { formatPercent } from './Bars';
import { useVizTheme } from './theme';

export interface ArcToken {
  id: number;
  label: string;
}

interface ArcsProps extends FrameProps {
  tokens: readonly ArcToken[];
  /** Row-major (T × T): row i holds where token i looks; causal models leave j > i at zero. */
  weights: ArrayLike<number>;
  selected: number;
  onSelect: (index: number) => void;
  concept?: Concept;
  /** Arcs below this weight are not drawn (they are still in the table). */
  threshold?: number;
}

export interface ArcMark {
  to: number;
  weight: number;
  /** weight / the row's largest, in [0, 1]: sets stroke width and opacity. */
  strength: number;
}

/** The arcs of row `from`: every target at or above `threshold`, strongest first. */
export function arcMarks(weights: ArrayLike<number>, T: number, from: number, threshold: number): ArcMark[] {
  let max = 0;
  for (let j = 0; j < T; j++) max = Math.max(max, weights[from * T + j] || 0);
  const marks: ArcMark[] = [];
  for (let j = 0; j < T; j++) {
    const w = weights[from * T + j];
    if (Number.isFinite(w) && w >= threshold && w > 0) marks.push({ to: j, weight: w, strength: max > 0 ? w / max : 0 });
  }
  return marks.sort((a, b) => b.weight - a.weight);
}

/** A half-ellipse-like curve from x1 to x2 on the baseline, rising with the distance it spans. */
export function arcPath(x1: number, x2: number, baseline: number, maxRise: number): string {
  const rise = Math.min(maxRise, Math.abs(x2 - x1) * 0.5 + 8);
  const p = path();
  p.moveTo(x1, baseline);
  p.bezierCurveTo(x1, baseline - rise * 1.33, x2, baseline - rise * 1.33, x2, baseline);
  return p.toString();
}

export function Arcs({ tokens, weights, selected, onSelect, concept = 'attention', threshold = 0.02, ...frame }: ArcsProps) {
  const { page, fontSize, colour } = useVizTheme();
  const T = tokens.length;
  // Token buttons use the page's type (1rem, a third larger than the figure's text): wide enough for the longest.
  const buttonFont = (fontSize * 4) / 3;
  const cell = Math.max(buttonFont * 2.75, Math.max(0, ...tokens.map((t) => [...t.label].length)) * buttonFont * 0.62 + 24);
  const x = scaleBand<number>().domain(tokens.map((_, i) => i)).range([0, T * cell]).paddingInner(0.1);
  const centre = (i: number) => (x(i) ?? 0) + x.bandwidth() / 2;
  const rise = fontSize * 7;
  const marks = arcMarks(weights, T, selected, threshold);
  const strongest = marks[0];
  const weightOf = (j: number) => weights[selected * T + j] ?? 0;

  return (
    <FigureFrame {...frame} table={() => arcsTable(tokens, weights)}>
      <div className="viz-plot">
        <div className="viz-arcs" style={{ position: 'relative', width: T * cell, minHeight: rise + fontSize * 4 }}>
          <svg width={T * cell} height={rise + 4} aria-hidden="true" style={{ display: 'block' }}>
            {marks.map((m) =>
              m.to === selected ? (
                <circle key={m.to} cx={centre(m.to)} cy={rise - 6} r={3 + 6 * m.strength} fill="none" stroke={colour(concept, 'ink')} strokeWidth={1 + 2 * m.strength} opacity={0.3 + 0.7 * m.strength} />
              ) : (
                <path key={m.to} data-to={m.to} d={arcPath(centre(selected), centre(m.to), rise, rise - 4)} fill="none" stroke={colour(concept, 'ink')}
                  strokeWidth={1 + 7 * m.strength} strokeOpacity={0.25 + 0.75 * m.strength} strokeLinecap="round" />
              ),
            )}
          </svg>
          <ol className="viz-arc-tokens" aria-label={`${frame.title}: tokens`}>
            {tokens.map((t, i) => (
              <li key={i} style={{ position: 'absolute', left: x(i), width: x.bandwidth(), top: rise + 4 }}>
                <button type="button" aria-pressed={i === selected} onClick={() => onSelect(i)}
                  style={{ width: '100%', borderColor: i === selected ? page.text : colour(concept, 'ink') }}>
                  <span className="token-label">{t.label}</span>
                  <span className="visually-hidden">{i === selected ? ', selected' : `, gets ${formatPercent(weightOf(i))}`}</span>
                </button>
              </li>
            ))}
          </ol>
        </div>
      </div>
      <p className="viz-readout" aria-live="polite">
        {strongest
          ? `“${tokens[selected]?.label}” looks most at “${tokens[strongest.to].label}”${strongest.to === selected ? ' (itself)' : ''}: ${formatPercent(strongest.weight)}.`
          : `“${tokens[selected]?.label}” has no weight above ${formatPercent(threshold)}.`}
      </p>
    </FigureFrame>
  );
}

/** Every pair: from, to, weight (the whole matrix, not only the drawn arcs). */
export function arcsTable(tokens: readonly ArcToken[], weights: ArrayLike<number>): FigureTable {
  const T = tokens.length;
  const rows: (string | number)[][] = [];
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) rows.push([i + 1, tokens[i].label, j + 1, tokens[j].label, weights[i * T + j]]);
  return { columns: ['from position', 'from token', 'to position', 'to token', 'weight'], rows };
}
