// A fresh, untrained model of the same shape and tokenizer as the reader's (the platform's createModel), loaded in
// the engine under its own key, so a figure can put "learned" beside "random" and show that structure is learned.
import { useCallback, useState } from 'react';
import { engine } from '../../state/engineConnection';
import { useStore } from '../../state/store';

export interface UntrainedTwin {
  /** The twin's key once it is loaded in the engine, else null. */
  twinKey: string | null;
  isMaking: boolean;
  error: string | null;
  make: () => Promise<void>;
}

export function useUntrainedTwin(): UntrainedTwin {
  const active = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey));
  const [made, setMade] = useState<{ of: string; key: string } | null>(null);
  const [isMaking, setMaking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const make = useCallback(async () => {
    if (!active) return;
    const { nLayer, nHead, nEmbd, blockSize, positional } = active.summary.config;
    const key = `emb-untrained-${active.key}`;
    setMaking(true);
    setError(null);
    try {
      const twin = await engine().call('createModel', {
        config: { nLayer, nHead, nEmbd, blockSize, positional }, tokenizerOf: active.key, seed: 7, label: 'untrained twin',
      });
      await engine().call('loadCheckpoint', { key, bytes: twin.bytes });
      setMade({ of: active.key, key });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setMaking(false);
    }
  }, [active]);

  return { twinKey: made && made.of === active?.key ? made.key : null, isMaking, error, make };
}
