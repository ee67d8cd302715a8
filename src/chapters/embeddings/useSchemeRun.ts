// Retrains one positional scheme live, in the reader's tab, from the recipe stored with the precomputed curves
// (public/data/positions.json: text, tokenizer, shape, schedule, seed): a fresh model (createModel), loaded under
// its own key, trained by the platform's `train` method; each evaluation's validation loss is appended to a curve.
// When the run finishes or is stopped, the model it learned is kept in the model lab (addCheckpoint, with its loss
// history), so it survives a reload, can be made the active model, and its curve is drawn again from the lab.
import { useCallback, useRef, useState } from 'react';
import { engine } from '../../state/engineConnection';
import { addCheckpoint } from '../../state/lab/labActions';
import type { LossPoint } from '../../state/lab/records';
import { useEngineStream } from '../../state/useEngineStream';
import type { positionsFile } from './positionsData';
import { schemeFileLabel, schemeNames, schemeRecipes, type SchemeId } from './schemes';

export interface SchemeRun {
  scheme: SchemeId | null;
  /** (iteration, validation loss) so far. */
  curve: { x: number; y: number }[];
  /** Steps done, of how many. */
  iter: number;
  status: 'idle' | 'preparing' | 'running' | 'done' | 'cancelled' | 'error';
  error: string | null;
  /** What became of the learned model: kept in the lab under this name, or why not. */
  kept: { label: string; key: string } | { problem: string } | null;
  start: (scheme: SchemeId) => Promise<void>;
  stop: () => void;
}

/** Where the app is served from, so the data files resolve under any base path. */
const dataUrl = (path: string) => new URL(path, document.baseURI).href;

export function useSchemeRun(file: typeof positionsFile): SchemeRun {
  const [scheme, setScheme] = useState<SchemeId | null>(null);
  const [curve, setCurve] = useState<{ x: number; y: number }[]>([]);
  const [preparing, setPreparing] = useState(false);
  const [prepError, setPrepError] = useState<string | null>(null);
  const [kept, setKept] = useState<SchemeRun['kept']>(null);
  const corpus = useRef<string | null>(null);
  const history = useRef<LossPoint[]>([]);
  const stream = useEngineStream('train', {
    onProgress: (p) => {
      if (p.stage !== 'evaluation') return;
      history.current.push({ iter: p.iter, loss: p.train, valLoss: p.val });
      setCurve((c) => [...c, { x: p.iter, y: p.val }]);
    },
    onRetry: () => {
      history.current = [];
      setCurve([]);
    },
    cancelKeepsAnswer: true, // Stop answers with the model learned so far, which the lab keeps
  });

  const start = useCallback(async (chosen: SchemeId) => {
    setScheme(chosen);
    setCurve([]);
    setKept(null);
    history.current = [];
    setPrepError(null);
    setPreparing(true);
    let answer;
    try {
      if (corpus.current === null) {
        const response = await fetch(dataUrl(file.corpus.path));
        if (!response.ok) throw new Error(`the training text could not be fetched (${response.status})`);
        corpus.current = (await response.text()).slice(0, file.corpus.chars);
      }
      const made = await engine().call('createModel', {
        config: { ...file.model, ...schemeRecipes[chosen] }, tokenizer: file.tokenizer, seed: file.train.seed, label: `${chosen} positions`,
      });
      const key = `emb-scheme-${chosen}`;
      await engine().call('loadCheckpoint', { key, bytes: made.bytes });
      setPreparing(false);
      answer = await stream.start({ key, corpus: corpus.current, train: file.train, label: schemeFileLabel(chosen), kind: 'pretrained' });
      await engine().call('unloadCheckpoint', { key }).catch(() => {}); // the lab loads its own copy below
    } catch (e) {
      setPrepError(`This run could not start: ${(e as Error).message}.`);
      setPreparing(false);
      return;
    }
    if (!answer || answer.stopped.iter === 0) return; // failed, or stopped before it learned anything
    const label = `Positions: ${schemeNames[chosen]}, retrained here (${answer.stopped.iter} steps)`;
    try {
      const entry = await addCheckpoint(answer.bytes.slice(0), label, 'pretrained', { parent: null, lossHistory: history.current });
      setKept({ label, key: entry.key });
    } catch (e) {
      setKept({ problem: (e as Error).message });
    }
  }, [file, stream]);

  const latest = stream.progress && stream.progress.stage === 'training' ? stream.progress.iter : curve.at(-1)?.x ?? 0;
  return {
    scheme,
    curve,
    iter: latest,
    status: preparing ? 'preparing' : prepError ? 'error' : stream.status,
    error: prepError ?? stream.error,
    kept,
    start,
    stop: stream.cancel,
  };
}
