// The reward model's score of the text the reader is typing, asked again after a short pause. Not the shared
// useEngineQuery: that one compares parameters by their JSON, which turns the reward model's bytes into {}.
import { useEffect, useState } from 'react';
import { engine } from '../../state/engineConnection';

export interface TypedScore {
  score: number | null;
  error: string | null;
}

export function useTypedScore(reward: ArrayBuffer | null, prompt: string, text: string, debounceMs = 150): TypedScore {
  const [view, setView] = useState<TypedScore>({ score: null, error: null });
  useEffect(() => {
    if (!reward || !text.trim()) return setView({ score: null, error: null });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const { scores } = await engine().call('scoreTexts', { reward, prompt, texts: [text] }, { signal: controller.signal });
        setView({ score: scores[0], error: null });
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setView({ score: null, error: (error as Error).message });
      }
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [reward, prompt, text, debounceMs]);
  return view;
}
