// A row of token chips: each token's readable label with its id underneath. Chips can be selectable (the focused
// token of a figure) and can carry a weight in [0, 1] shown as the strength of a concept's wash (attention).
// A chip's accessible name is its visible text, label then id ("ROMEO, id 813"), so speech input users can say
// what they see.
import { memo } from 'react';
import { mixHex, readableOn } from './colourMath';
import type { Concept } from './palette';
import { useVizTheme } from './theme';

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
  /** The weight drawn at full strength (default 1); e.g. the row's largest, so small weights stay visible. */
  fullWeight?: number;
  weightConcept?: Concept;
  showIds?: boolean;
  /** The pointer entered token i (null: left the strip), for a page that previews what a pick would mark. */
  onHover?: (index: number | null) => void;
}

export const TokenStrip = memo(function TokenStrip({ tokens, label, selectedIndex, onSelect, weights, weightConcept = 'attention', showIds = true, fullWeight = 1, onHover }: TokenStripProps) {
  const { page, colour } = useVizTheme();
  const fill = colour(weightConcept);
  return (
    <ol className="token-strip" aria-label={label} onPointerLeave={onHover && (() => onHover(null))}>
      {tokens.map((token, i) => {
        const weight = weights?.[i];
        const style =
          weights === undefined
            ? undefined
            : weight === undefined
              ? { opacity: 0.45 }
              : shade(mixHex(fill, page.background, Math.min(1, weight / fullWeight)));
        const weightText = weight === undefined ? '' : ` ${(weight * 100).toFixed(0)}%`;
        const content = (
          <>
            <span className="token-label">{token.label}</span>
            {showIds && <span className="visually-hidden">{`, id ${token.id}`}</span>}
            {showIds && (
              <span className="token-id" aria-hidden="true">
                {token.id}
              </span>
            )}
            {weights !== undefined && weight !== undefined && <span className="visually-hidden">{weightText}</span>}
          </>
        );
        return (
          <li key={i} className="token" style={style} data-selected={selectedIndex === i || undefined} onPointerEnter={onHover && (() => onHover(i))}>
            {onSelect ? (
              <button type="button" aria-pressed={selectedIndex === i} onClick={() => onSelect(i)}>
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

/** A chip's background and black or white text, whichever reads better (always ≥ 4.58:1; see palette.test.ts). */
function shade(background: string) {
  return { background, color: readableOn(background, ['#000000', '#FFFFFF']) };
}
