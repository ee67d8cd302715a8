// A row of token chips: each token's readable label with its id underneath. Chips can be selectable (the focused
// token of a figure) and can carry a weight in [0, 1] shown as the strength of a concept's wash (attention).
import { memo } from 'react';
import type { Concept } from './palette';

export interface StripToken {
  id: number;
  label: string;
}

interface TokenStripProps {
  tokens: readonly StripToken[];
  /** Accessible name of the strip ("Your prompt as tokens"). */
  label: string;
  selectedIndex?: number;
  onSelect?: (index: number) => void;
  /** Per-token weight in [0, 1]; tokens without one (undefined) are drawn faded. */
  weights?: readonly (number | undefined)[];
  weightConcept?: Concept;
  showIds?: boolean;
}

export const TokenStrip = memo(function TokenStrip({ tokens, label, selectedIndex, onSelect, weights, weightConcept = 'attention', showIds = true }: TokenStripProps) {
  return (
    <ol className="token-strip" aria-label={label}>
      {tokens.map((token, i) => {
        const weight = weights?.[i];
        const style =
          weights === undefined
            ? undefined
            : weight === undefined
              ? { opacity: 0.45 }
              : {
                  background: `color-mix(in srgb, var(--c-${weightConcept}) ${Math.round(weight * 100)}%, var(--surface-background))`,
                  color: weight > 0.55 ? 'var(--surface-background)' : undefined,
                };
        const weightText = weight === undefined ? '' : ` ${(weight * 100).toFixed(0)}%`;
        const content = (
          <>
            <span className="token-label">{token.label}</span>
            {showIds && <span className="token-id">{token.id}</span>}
            {weights !== undefined && weight !== undefined && <span className="visually-hidden">{weightText}</span>}
          </>
        );
        return (
          <li key={i} className="token" style={style} data-selected={selectedIndex === i || undefined}>
            {onSelect ? (
              <button type="button" aria-pressed={selectedIndex === i} onClick={() => onSelect(i)} aria-label={`${token.label}, id ${token.id}`}>
                {content}
              </button>
            ) : (
              <span className="token-body">{content}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
});
