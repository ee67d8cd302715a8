// Retrains one positional scheme live, in the reader's tab, from the recipe stored with the precomputed curves
// (public/data/positions.json: text, tokenizer, shape, schedule, seed): a fresh model (createModel), loaded under
// its own key, trained by the platform's `train` method; each evaluation's validation loss is appended to a curve.
import { useCallback, useRef, useState } from 'react';
import { engine } from '../../state/engineConnection';
import { useEngineStream } from '../../state/useEngineStream';
import type { PositionalScheme } from '../../engine/model/gptConfig';
import type { positionsFile } from './positionsData';

export interface SchemeRun {
  scheme: PositionalScheme | null;
  /** (iteration, validation loss) so far. */
  curve: { x: number; y: number }[];
  /** Steps done, of how many. */
  iter: number;
  status: 'idle' | 'preparing' | 'running' | 'done' | 'cancelled' | 'error';
  error: string | null;
  start: (scheme: PositionalScheme) => Promise<void>;
  stop: () => void;
}

/** Where the app is served from, so the data files resolve under any base path. */
const dataUrl = (path: string) => new URL(path, document.baseURI).href;

export function useSchemeRun(file: typeof positionsFile): SchemeRun {
  const [scheme, setScheme] = useState<PositionalScheme | null>(null);
  const [curve, setCurve] = useState<{ x: number; y: number }[]>([]);
  const [preparing, setPreparing] = useState(false);
  const [prepError, setPrepError] = useState<string | null>(null);
  const corpus = useRef<string | null>(null);
  const stream = useEngineStream('train', {
    onProgress: (p) => {
      if (p.stage === 'evaluation') setCurve((c) => [...c, { x: p.iter, y: p.val }]);
    },
    onRetry: () => setCurve([]),
  });

  const start = useCallback(async (chosen: PositionalScheme) => {
    setScheme(chosen);
    setCurve([]);
    setPrepError(null);
    setPreparing(true);
    try {
      if (corpus.current === null) {
        const response = await fetch(dataUrl(file.corpus.path));
        if (!response.ok) throw new Error(`the training text could not be fetched (${response.status})`);
        corpus.current = (await response.text()).slice(0, file.corpus.chars);
      }
      const made = await engine().call('createModel', {
        config: { ...file.model, positional: chosen }, tokenizer: file.tokenizer, seed: file.train.seed, label: `${chosen} positions`,
      });
      const key = `emb-scheme-${chosen}`;
      await engine().call('loadCheckpoint', { key, bytes: made.bytes });
      setPreparing(false);
      await stream.start({ key, corpus: corpus.current, train: file.train, label: `${chosen} positions, retrained`, kind: 'pretrained' });
    } catch (e) {
      setPrepError(`This run could not start: ${(e as Error).message}.`);
      setPreparing(false);
    }
  }, [file, stream]);

  const latest = stream.progress && stream.progress.stage === 'training' ? stream.progress.iter : curve.at(-1)?.x ?? 0;
  return {
    scheme,
    curve,
    iter: latest,
    status: preparing ? 'preparing' : prepError ? 'error' : stream.status,
    error: prepError ?? stream.error,
    start,
    stop: stream.cancel,
  };
}
