// Samples from the model RLHF starts from, for rating: the reader's prompt (or a preset one) continued at
// temperature 1 with a given seed, so two seeds give the two answers of a pair.
import { useCallback } from 'react';
import { engine } from '../../state/engineConnection';
import { useStore } from '../../state/store';
import { selectStartModel } from './session';

/** New tokens per answer: short enough to read at a glance, and to leave room in a small model's context. */
export function answerLength(blockSize: number): number {
  return Math.max(1, Math.min(24, Math.floor(blockSize / 2)));
}

export function useSampler() {
  const start = useStore(selectStartModel);
  const key = start?.key ?? null;
  const blockSize = start?.summary.config.blockSize ?? 0;
  const sample = useCallback(async (prompt: string, seed: number): Promise<string> => {
    if (!key) throw new Error('The model is still loading.');
    const r = await engine().call('generate', { key, text: prompt, temperature: 1, seed, maxNewTokens: answerLength(blockSize) });
    return r.text;
  }, [key, blockSize]);
  return { key, start, blockSize, sample };
}
