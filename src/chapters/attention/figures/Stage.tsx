// One stage of the step-through: its formula (KaTeX) and the real numbers it produced. Each number group names the
// term it belongs to; pointing at it or focusing it lights that term in the formulas (the terms are wrapped with
// `term()`, and the page's `data-hot-term` attribute selects them in chapter.css).
import type { ReactNode } from 'react';
import { Equation } from '../../../components/Equation';

/** The terms the numbers can light up: x, q, k, v, scores s, weights a, output o, concatenation c, projection y. */
export type TermId = 'x' | 'q' | 'k' | 'v' | 's' | 'a' | 'o' | 'c' | 'y';

/** TeX for a term that lights up with its numbers. */
export const term = (id: TermId, tex: string) => String.raw`\htmlClass{att-term-${id}}{${tex}}`;

export function Stage({ title, tex, children }: { title: string; tex: string; children: ReactNode }) {
  return (
    <section className="att-stage" aria-label={title}>
      <h3>{title}</h3>
      <Equation tex={tex} display termClasses />
      {children}
    </section>
  );
}

/** Props that make an element light its term while pointed at or focused. */
export function lights(id: TermId, onHot: (id: TermId | null) => void) {
  return {
    'data-term': id,
    onPointerEnter: () => onHot(id),
    onPointerLeave: () => onHot(null),
    onFocus: () => onHot(id),
    onBlur: () => onHot(null),
  };
}

/** The first `shown` entries of a vector, with its length; the rest are in the figure's table. */
export function Vector({ name, values, id, onHot, shown = 8 }: { name: string; values: ArrayLike<number>; id: TermId; onHot: (id: TermId | null) => void; shown?: number }) {
  const first = Array.from({ length: Math.min(shown, values.length) }, (_, i) => values[i]);
  return (
    <p className="att-vector" tabIndex={0} {...lights(id, onHot)} aria-label={`${name}: ${values.length} numbers, the first ${first.length} are ${first.map(formatNumber).join(', ')}`}>
      {name} = [{first.map(formatNumber).join(', ')}
      {values.length > first.length ? `, … ${values.length - first.length} more` : ''}]
    </p>
  );
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return x < 0 ? '−∞' : String(x);
  return x.toFixed(3).replace('-', '−');
}
