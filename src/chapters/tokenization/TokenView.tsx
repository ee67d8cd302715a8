// One tokenizer's view of the reader's text: its name, the count and characters per token, and the tokens as chips.
// Each token is washed in the token colour by the share of its characters that are marked (said as a percentage to
// screen readers), so the same characters line up by eye; unmarked tokens keep full contrast, they do not fade.
import { memo, useMemo } from 'react';
import { TokenStrip, type StripToken } from '../../viz/TokenStrip';
import { markedShares, SPECIAL, UNKNOWN, type ViewId, type ViewState } from './useTokenViews';

/** A long paste is counted whole, but only its first tokens are drawn, so the page stays quick. */
export const shownTokens = 300;

export interface Picked {
  view: ViewId;
  index: number;
}

interface TokenViewProps {
  view: ViewState;
  characters: number;
  range: { start: number; end: number } | null;
  picked: Picked | null;
  onPick: (picked: Picked | null) => void;
  /** The pointer rests on a token (null: it left): the page marks its characters everywhere until it leaves. */
  onHover?: (hovered: Picked | null) => void;
}

export const TokenView = memo(function TokenView({ view, characters, range, picked, onPick, onHover }: TokenViewProps) {
  const { meta, result, error, isComputing } = view;
  const tokens = useMemo<StripToken[]>(
    () => (result ? Array.from(result.ids.subarray(0, shownTokens), (id) => ({ id, label: result.labels[id] })) : []),
    [result],
  );
  const weights = useMemo(() => (result && range ? markedShares(result, range.start, range.end, shownTokens) : undefined), [result, range]);
  const count = result?.ids.length ?? 0;
  const special = result ? result.flags.reduce((n, f) => n + (f & SPECIAL ? 1 : 0), 0) : 0;
  const unknown = result ? result.flags.reduce((n, f) => n + (f & UNKNOWN ? 1 : 0), 0) : 0;
  const selectedIndex = picked?.view === meta.id ? picked.index : undefined;

  return (
    <section className="tok-view" aria-busy={isComputing} data-view={meta.id} aria-labelledby={`tok-view-${meta.id}`}>
      <h3 id={`tok-view-${meta.id}`} className="tok-view-name">
        {meta.name}
        {result && (
          <span className="tok-view-count" data-testid={`count-${meta.id}`}>
            {count} {count === 1 ? 'token' : 'tokens'} · {(characters / Math.max(1, count)).toFixed(2)} characters per token
          </span>
        )}
      </h3>
      <p className="tok-view-about">
        {meta.about}
        {result && `; vocabulary ${result.vocabSize.toLocaleString('en')}`}.
        {unknown > 0 && ` ${unknown} unknown (<unk>).`}
      </p>
      {result && result.counts.specialAsTokens !== result.counts.specialAsText && (
        <p className="tok-view-about" data-testid={`special-${meta.id}`}>
          Your text has special-token markers: {result.counts.specialAsTokens} tokens when they are read as special
          tokens, {result.counts.specialAsText} when read as plain text; this view reads them as{' '}
          {special > 0 ? 'special tokens' : 'plain text'}. Counters differ on this choice, which is one reason two tools
          can give one text different counts.
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {meta.name}: {error}
        </p>
      )}
      {result && (
        <TokenStrip
          tokens={tokens}
          label={`${meta.name} tokens`}
          selectedIndex={selectedIndex}
          onSelect={(index) => onPick(selectedIndex === index ? null : { view: meta.id, index })}
          weights={weights}
          weightConcept="token"
          onHover={onHover && ((index) => onHover(index === null ? null : { view: meta.id, index }))}
        />
      )}
      {count > shownTokens && <p className="tok-view-about">The first {shownTokens} of {count} tokens are drawn; all are counted.</p>}
    </section>
  );
});
