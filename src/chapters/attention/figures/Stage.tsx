// One stage of the step-through: its formula (KaTeX), the shapes, and the real numbers it produced. Pointing at or
// focusing the numbers lights the stage's formula, so the reader sees which term each number belongs to.
import type { ReactNode } from 'react';
import { Equation } from '../../../components/Equation';

interface StageProps {
  id: string;
  title: string;
  tex: string;
  hot: string | null;
  onHot: (id: string | null) => void;
  children: ReactNode;
}

export function Stage({ id, title, tex, hot, onHot, children }: StageProps) {
  const isHot = hot === id;
  return (
    <section className="att-stage" data-hot={isHot || undefined} data-stage={id} aria-label={title}>
      <h3>{title}</h3>
      <Equation tex={tex} display />
      <div onPointerEnter={() => onHot(id)} onPointerLeave={() => onHot(null)} onFocus={() => onHot(id)} onBlur={() => onHot(null)}>
        {children}
      </div>
    </section>
  );
}

/** The first `shown` entries of a vector, with its length; the rest are in the figure's table. */
export function Vector({ name, values, shown = 8 }: { name: string; values: ArrayLike<number>; shown?: number }) {
  const first = Array.from({ length: Math.min(shown, values.length) }, (_, i) => values[i]);
  return (
    <p className="att-vector" tabIndex={0} aria-label={`${name}: ${values.length} numbers, the first ${first.length} are ${first.map(formatNumber).join(', ')}`}>
      {name} = [{first.map(formatNumber).join(', ')}
      {values.length > first.length ? `, … ${values.length - first.length} more` : ''}]
    </p>
  );
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return x < 0 ? '−∞' : String(x);
  return x.toFixed(3).replace('-', '−');
}
