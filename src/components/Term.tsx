// A word in the prose that names a concept, in that concept's colour, so text and figures point at each other.
import type { ReactNode } from 'react';
import type { Concept } from '../viz/palette';

export function Term({ concept, children }: { concept: Concept; children: ReactNode }) {
  return (
    <span className="term" data-concept={concept} style={{ color: `var(--c-${concept}-ink)`, borderColor: `var(--c-${concept})` }}>
      {children}
    </span>
  );
}
