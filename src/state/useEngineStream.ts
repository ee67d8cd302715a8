// The second way chapters call the engine: a stream — a long run (training, generation, word2vec) that the reader
// starts, watches and may cancel. Every progress event reaches `onProgress` (charts append there, outside React);
// React sees the latest one on an animation frame, at most every STREAM_VIEW_MS. Leaving the page cancels the run.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodName, ParamsOf, ProgressOf, ResultOf } from '../workers/protocol';
import { engine } from './engineConnection';

export type StreamStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface StreamView<M extends MethodName> {
  status: StreamStatus;
  /** The latest progress event (throttled: at most every STREAM_VIEW_MS, on an animation frame). */
  progress: ProgressOf<M> | null;
  result: ResultOf<M> | null;
  error: string | null;
  /**
   * Starts a run (cancelling one still going); resolves with its result, or null if it failed or was cancelled —
   * with `cancelKeepsAnswer`, a cancelled run's answer (status 'cancelled', `result` set).
   */
  start: (params: ParamsOf<M>) => Promise<ResultOf<M> | null>;
  cancel: () => void;
}

export interface StreamOptions<M extends MethodName> {
  /** Every progress event, unthrottled. */
  onProgress?: (progress: ProgressOf<M>) => void;
  /** The engine restarted and the run began again: drop what its earlier progress built. */
  onRetry?: () => void;
  /** `cancel` waits for the run's answer (training answers a cancel with what it learned: a pause). */
  cancelKeepsAnswer?: boolean;
}

/**
 * How often React may re-render a stream's view (ms). Every frame was too often on a 2-core machine while a model
 * trains: each re-render of a chapter's step (its tables, timeline and charts) is layout and paint on the main
 * thread, which the trainer's threads already squeeze. Fast values belong in `onProgress`, outside React.
 */
export const STREAM_VIEW_MS = 100;

/** Calls back on the first animation frame at least `afterMs` from now; returns a cancel. */
const frameAfter = (afterMs: number, callback: () => void): (() => void) => {
  let frame = 0;
  const timer = setTimeout(() => {
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(callback);
    else callback();
  }, afterMs);
  return () => {
    clearTimeout(timer);
    if (frame) cancelAnimationFrame(frame);
  };
};

export function useEngineStream<M extends MethodName>(method: M, options: StreamOptions<M> = {}): StreamView<M> {
  const [state, setState] = useState<Omit<StreamView<M>, 'start' | 'cancel'>>({ status: 'idle', progress: null, result: null, error: null });
  const controller = useRef<AbortController | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const pendingFrame = useRef<(() => void) | null>(null);

  const cancel = useCallback(() => controller.current?.abort(), []);
  useEffect(() => () => {
    controller.current?.abort();
    pendingFrame.current?.();
  }, []);

  const start = useCallback(async (params: ParamsOf<M>): Promise<ResultOf<M> | null> => {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    setState({ status: 'running', progress: null, result: null, error: null });
    let newest: ProgressOf<M> | null = null;
    let shownAt = -Infinity;
    const onProgress = (p: ProgressOf<M>) => {
      latest.current.onProgress?.(p);
      newest = p;
      if (pendingFrame.current) return;
      // The first event shows on the next frame; later ones at most every STREAM_VIEW_MS, always the newest.
      pendingFrame.current = frameAfter(Math.max(0, shownAt + STREAM_VIEW_MS - performance.now()), () => {
        pendingFrame.current = null;
        shownAt = performance.now();
        if (controller.current === own) setState((s) => ({ ...s, progress: newest }));
      });
    };
    try {
      const result = await engine().call(method, params, {
        signal: own.signal, onProgress, onRetry: () => latest.current.onRetry?.(), keepAnswerOnCancel: latest.current.cancelKeepsAnswer,
      });
      if (controller.current === own) setState((s) => ({ ...s, status: own.signal.aborted ? 'cancelled' : 'done', result, progress: newest }));
      return result;
    } catch (error) {
      const isCancel = (error as Error).name === 'AbortError';
      if (controller.current === own) {
        setState((s) => ({ ...s, status: isCancel ? 'cancelled' : 'error', error: isCancel ? null : (error as Error).message }));
      }
      return null;
    }
  }, [method]);

  return { ...state, start, cancel };
}
