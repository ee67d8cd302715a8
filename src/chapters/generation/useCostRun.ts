// A generation run for the cost step: `answerLength` tokens after the reader's prompt with their decoding settings,
// each token kept with the FLOPs the engine reports for its forward pass and the time it arrived, so the step can
// show multiply-adds per token, the running total and tokens per second measured on this backend.
import { useCallback, useRef, useState } from 'react';
import { useStore } from '../../state/store';
import { useEngineStream } from '../../state/useEngineStream';
import type { FlopBreakdown } from '../../engine/flops';
import { decodingOf } from './useBranch';

export interface CostedToken {
  text: string;
  /** Tokens before it, prompt included. */
  position: number;
  flops: FlopBreakdown;
  /** performance.now() when it reached the page. */
  at: number;
}

export interface CostRun {
  /** The prompt the run continued. */
  prompt: string;
  tokens: CostedToken[];
  startedAt: number | null;
  isRunning: boolean;
  error: string | null;
  run: () => void;
  stop: () => void;
}

export function useCostRun(answerLength: number): CostRun {
  const key = useStore((s) => s.activeKey);
  const [tokens, setTokens] = useState<CostedToken[]>([]);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [prompt, setPrompt] = useState('');
  const collected = useRef<CostedToken[]>([]);
  const stream = useEngineStream('generate', {
    onProgress: (t) => {
      collected.current.push({ text: t.text, position: t.position, flops: t.flops, at: performance.now() });
      setTokens([...collected.current]);
    },
    onRetry: () => {
      collected.current = [];
      setTokens([]);
    },
  });
  const { start, cancel } = stream;
  const run = useCallback(() => {
    collected.current = [];
    setTokens([]);
    setStartedAt(performance.now());
    const { knobs } = useStore.getState();
    setPrompt(knobs.prompt);
    void start({ key, text: knobs.prompt, maxNewTokens: answerLength, seed: knobs.seed, topCount: 1, ...decodingOf(knobs) });
  }, [key, start, answerLength]);
  return { prompt, tokens, startedAt, isRunning: stream.status === 'running', error: stream.error, run, stop: cancel };
}

/**
 * Tokens per second after the first: the first token's pass also reads the whole prompt, so the steady rate is
 * measured between the first token's arrival and the last one's. Null with fewer than two tokens.
 */
export function tokensPerSecond(tokens: readonly { at: number }[]): number | null {
  if (tokens.length < 2) return null;
  const seconds = (tokens[tokens.length - 1].at - tokens[0].at) / 1000;
  return seconds > 0 ? (tokens.length - 1) / seconds : null;
}
