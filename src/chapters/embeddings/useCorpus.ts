// The reader's own text for word2vec, or Tiny Shakespeare (fetched once, all of it) when they leave theirs empty.
import { useCallback, useRef } from 'react';

export function useCorpus(ownText: string): () => Promise<{ text: string; isOwn: boolean }> {
  const cached = useRef<string | null>(null);
  return useCallback(async () => {
    if (ownText.trim()) return { text: ownText, isOwn: true };
    if (cached.current === null) {
      const response = await fetch(new URL('data/tinyshakespeare.txt', document.baseURI).href);
      if (!response.ok) throw new Error(`Tiny Shakespeare could not be fetched (${response.status}); type your own text instead.`);
      cached.current = await response.text();
    }
    return { text: cached.current, isOwn: false };
  }, [ownText]);
}
