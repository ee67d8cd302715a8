// The Overview's pipeline: one traced forward pass on the reader's prompt whenever the prompt, temperature, seed
// or active checkpoint changes — a query on the shared hook (it pauses for typing, cancels the pass it replaces,
// and keeps the last figures on screen while the next pass computes).
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { useEngineQuery, type QueryView } from '../../state/useEngineQuery';
import type { PipelineResult } from '../../workers/handlers/inspect';

export type PipelineView = QueryView<PipelineResult>;

export function usePipeline(): PipelineView {
  const text = useStore((s) => s.knobs.prompt);
  const temperature = useStore((s) => s.knobs.temperature);
  const seed = useStore((s) => s.knobs.seed);
  const key = useStore((s) => s.activeKey);
  const params = useMemo(() => ({ key, text, temperature, seed, topCount: 10 }), [key, text, temperature, seed]);
  return useEngineQuery('inspect', params);
}
