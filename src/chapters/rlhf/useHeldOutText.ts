// A plain passage the model never trained on (from the last tenth of the Shakespeare corpus, the validation split):
// its loss, tracked during PPO, shows what chasing the reward costs the model's language. Fetched once per visit;
// if it cannot be fetched the runs go on without that curve, and the page says so.
import { useEffect, useState } from 'react';

const PASSAGE_CHARS = 1200;
let cached: Promise<string> | null = null;

function fetchPassage(): Promise<string> {
  cached ??= fetch('data/tinyshakespeare.txt')
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((text) => {
      const start = Math.floor(text.length * 0.9);
      return text.slice(start, start + PASSAGE_CHARS);
    })
    .catch(() => '');
  return cached;
}

/** The passage, '' while loading or when unavailable. */
export function useHeldOutText(): string {
  const [text, setText] = useState('');
  useEffect(() => {
    let live = true;
    void fetchPassage().then((t) => { if (live) setText(t); });
    return () => { live = false; };
  }, []);
  return text;
}
