// Token examples in the prose, cut live by the active model's own tokenizer, so the text never names pieces the
// reader's model does not use ("ROM", "EO" was once written here by hand and was wrong for the shipped model).
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';

/** Bit of Tokenization.flags: the token holds only some of a character's UTF-8 bytes (engine TOKEN_PARTIAL). */
const PARTIAL = 1;

export function useModelTokens(text: string) {
  const key = useStore((s) => s.activeKey);
  const params = useMemo(() => (text ? { text, tokenizer: 'model' as const, key } : null), [text, key]);
  return useEngineQuery('tokenize', params, { debounceMs: 200 });
}

/** "ROMEO and :" — the pieces `text` becomes, quoted and joined as prose; `fallback` until the engine answers. */
export function LiveTokens({ text, fallback }: { text: string; fallback: string }) {
  const { result } = useModelTokens(text);
  if (!result) return <>{fallback}</>;
  const pieces = Array.from(result.ids, (id) => result.labels[id]);
  return (
    <>
      {pieces.map((piece, i) => (
        <span key={i}>
          {i > 0 && (i === pieces.length - 1 ? ' and ' : ', ')}
          <q className="token-quote">{piece}</q>
        </span>
      ))}
    </>
  );
}

/** How many of `text`'s tokens hold only part of a character (non-Latin letters and emoji in a byte-level BPE). */
export function usePartialTokenCount(text: string): number {
  const { result } = useModelTokens(text);
  return result ? result.flags.reduce((n, f) => n + (f & PARTIAL ? 1 : 0), 0) : 0;
}
