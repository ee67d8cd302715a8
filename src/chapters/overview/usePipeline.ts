// Runs the Overview's pipeline in the engine worker whenever the prompt, temperature, seed or active checkpoint
// changes (after a short pause in typing), cancelling the run it replaces. The last result stays on screen while
// the next one computes, so the figures never blank out.
import { useEffect, useState } from 'react';
import { engine, isEngineConnected } from '../../state/engineConnection';
import { useStore } from '../../state/store';
import type { PipelineResult } from '../../workers/protocol';

export interface PipelineView {
  result: PipelineResult | null;
  error: string | null;
  isComputing: boolean;
  /** Round trip to the worker and back for the last result, in ms. */
  ms: number | null;
}

const typingPauseMs = 120;

export function usePipeline(): PipelineView {
  const prompt = useStore((s) => s.knobs.prompt);
  const temperature = useStore((s) => s.knobs.temperature);
  const seed = useStore((s) => s.knobs.seed);
  const activeKey = useStore((s) => s.activeKey);
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  const [view, setView] = useState<PipelineView>({ result: null, error: null, isComputing: false, ms: null });

  useEffect(() => {
    if (!isLabReady || !isEngineConnected()) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setView((v) => ({ ...v, isComputing: true }));
      const started = performance.now();
      try {
        const result = await engine().call(
          'inspect',
          { key: activeKey, text: prompt, temperature, seed, topCount: 10 },
          { signal: controller.signal },
        );
        setView({ result, error: null, isComputing: false, ms: performance.now() - started });
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        setView((v) => ({ ...v, error: (error as Error).message, isComputing: false }));
      }
    }, typingPauseMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [prompt, temperature, seed, activeKey, isLabReady]);

  return view;
}
