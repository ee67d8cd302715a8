// Next-token probabilities as labelled horizontal bars, most likely first; one bar can be marked as the token
// the sampler drew. Bars are proportional to probability, on a scale that ends at the largest one.
import { memo } from 'react';
export interface BarItem {
  id: number;
  label: string;
  probability: number;
}

interface ProbabilityBarsProps {
  items: readonly BarItem[];
  label: string;
  markedId?: number;
  markText?: string;
}

export const ProbabilityBars = memo(function ProbabilityBars({ items, label, markedId, markText = 'drawn' }: ProbabilityBarsProps) {
  const max = Math.max(1e-9, ...items.map((i) => i.probability));
  return (
    <ol className="probability-bars" aria-label={label}>
      {items.map((item) => {
        const isMarked = item.id === markedId;
        return (
          <li key={item.id} data-marked={isMarked || undefined}>
            <span className="bar-label">{item.label}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar" style={{ width: `${(item.probability / max) * 100}%` }} />
            </span>
            <span className="bar-value">
              {formatPercent(item.probability)}
              {isMarked && <strong className="bar-mark"> ← {markText}</strong>}
            </span>
          </li>
        );
      })}
    </ol>
  );
});

export function formatPercent(p: number): string {
  if (p >= 0.1) return `${(p * 100).toFixed(0)}%`;
  if (p >= 0.001) return `${(p * 100).toFixed(1)}%`;
  return '<0.1%';
}
