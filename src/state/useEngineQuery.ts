// The first of the two ways chapters call the engine: a query. Whenever its parameters change (after a short pause,
// so typing does not flood the worker) it asks again, cancelling the call it replaces. The last result stays on
// screen while the next one computes, so figures never blank out; an error is kept as text beside it.
import { useEffect, useMemo, useState } from 'react';
import type { MethodName, ParamsOf, ResultOf } from '../workers/protocol';
import { engine, isEngineConnected } from './engineConnection';
import { useStore } from './store';

export interface QueryView<R> {
  result: R | null;
  /** Why the last call failed, in words; null after a success. */
  error: string | null;
  isComputing: boolean;
  /** Round trip to the worker and back for the last result, in ms. */
  ms: number | null;
}

export interface QueryOptions {
  /** Quiet time after the last change before asking (ms). */
  debounceMs?: number;
  /** Wait until the model lab has the active model in the engine (most queries read a model); default true. */
  needsModel?: boolean;
}

/** Calls `method` with `params` (null: nothing to ask yet) and keeps the answer. */
export function useEngineQuery<M extends MethodName>(
  method: M,
  params: ParamsOf<M> | null,
  { debounceMs = 120, needsModel = true }: QueryOptions = {},
): QueryView<ResultOf<M>> {
  const isLabReady = useStore((s) => s.labModelReady);
  const [view, setView] = useState<QueryView<ResultOf<M>>>({ result: null, error: null, isComputing: false, ms: null });
  // The pause is for typing: the first question (nothing on screen yet) goes at once.
  const hasAnswer = view.result !== null || view.error !== null;
  // Parameters are plain data: their JSON says when they changed, however the caller built the object.
  const key = useMemo(() => (params === null ? null : JSON.stringify(params)), [params]);

  useEffect(() => {
    if (key === null || (needsModel && !isLabReady) || !isEngineConnected()) return;
    const controller = new AbortController();
    const sent = JSON.parse(key) as ParamsOf<M>;
    const ask = async () => {
      setView((v) => ({ ...v, isComputing: true }));
      const started = performance.now();
      try {
        const result = await engine().call(method, sent, { signal: controller.signal });
        setView({ result, error: null, isComputing: false, ms: performance.now() - started });
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        setView((v) => ({ ...v, error: (error as Error).message, isComputing: false }));
      }
    };
    // The first question goes now, not from a 0 ms timer: a timer's task came after the browser had laid out and
    // painted the render that enabled the query (0.1–0.2 s on the 2-core machine, on the first figure's path).
    const timer = hasAnswer ? setTimeout(ask, debounceMs) : undefined;
    if (!hasAnswer) void ask();
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // hasAnswer only sets the delay, so it is left out: a first answer arriving must not ask again.
  }, [method, key, needsModel, isLabReady, debounceMs]);

  return view;
}
