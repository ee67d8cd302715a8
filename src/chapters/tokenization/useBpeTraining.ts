// The train step's bridge to the worker's trainTokenizer: every merge it streams is appended here, outside React
// (a run makes thousands), and the page re-reads the lists when the stream's throttled progress re-renders it.
// A finished or stopped run becomes the chapter's trained tokenizer for the later steps.
import { useCallback, useRef } from 'react';
import { useEngineStream } from '../../state/useEngineStream';
import type { ParamsOf, ProgressOf, ResultOf } from '../../workers/protocol';
import { setTrainedTokenizer, type MergeRow } from './trainedTokenizer';

type Progress = ProgressOf<'trainTokenizer'>;
export type Ready = Extract<Progress, { stage: 'ready' }>;

export interface RunLog {
  ready: Ready | null;
  merges: MergeRow[];
  /** id → label: the bytes first, then each merge's token. */
  labels: string[];
  /** The sample passage's tokens after merge `rank` (only where that merge changed it; rank -1: bytes). */
  samples: { rank: number; ids: number[] }[];
}

const emptyLog = (): RunLog => ({ ready: null, merges: [], labels: [], samples: [] });

export function useBpeTraining() {
  const log = useRef<RunLog>(emptyLog());
  const onProgress = useCallback((p: Progress) => {
    const l = log.current;
    if (p.stage === 'ready') {
      l.ready = p;
      l.labels = [...p.byteLabels];
      l.samples = [{ rank: -1, ids: p.sampleIds }];
    } else if (p.stage === 'merge') {
      l.merges.push({ rank: p.rank, pair: p.pair, count: p.count, id: p.id, label: p.label, heldOutTokens: p.heldOutTokens });
      l.labels[p.id] = p.label;
      if (p.sampleIds.length > 0) l.samples.push({ rank: p.rank, ids: p.sampleIds });
    }
  }, []);
  const stream = useEngineStream('trainTokenizer', { onProgress, cancelKeepsAnswer: true, onRetry: () => (log.current = emptyLog()) });
  const { start: startStream } = stream;

  const start = useCallback(async (params: ParamsOf<'trainTokenizer'>, source: string): Promise<ResultOf<'trainTokenizer'> | null> => {
    log.current = emptyLog();
    const result = await startStream(params);
    if (result && result.merges > 0) {
      setTrainedTokenizer({ json: result.json, merges: [...log.current.merges], labels: [...log.current.labels], source: `BPE, ${result.merges} merges, trained on ${source}` });
    }
    return result;
  }, [startStream]);

  return { ...stream, start, log: log.current };
}

/** The sample's tokens once the first `shown` merges are made. */
export function sampleAt(log: RunLog, shown: number): number[] {
  for (let k = log.samples.length - 1; k >= 0; k--) if (log.samples[k].rank < shown) return log.samples[k].ids;
  return [];
}
