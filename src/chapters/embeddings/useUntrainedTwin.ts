// A fresh, untrained model of the same shape and tokenizer as the reader's (the platform's createModel), kept in
// the model lab (addCheckpoint) with the reader's model as its parent, so a figure can put "learned" beside
// "random" and show that structure is learned. Being in the lab, it survives a reload and is found again (by its
// parent and the label written into its file), and the reader can see, rename or delete it there.
import { useCallback, useState } from 'react';
import { engine } from '../../state/engineConnection';
import { addCheckpoint } from '../../state/lab/labActions';
import type { LabCheckpoint } from '../../state/slices/lab';
import { useStore } from '../../state/store';

export interface UntrainedTwin {
  /** The twin's key once it is in the lab (and so loaded in the engine), else null. */
  twinKey: string | null;
  /** Its name in the lab. */
  twinLabel: string | null;
  isMaking: boolean;
  error: string | null;
  make: () => Promise<void>;
}

/** The label written into a twin's file: with its parent, how the chapter recognises a twin in the lab. */
export const TWIN_FILE_LABEL = 'untrained twin';
/** The seed of the twin's random weights (any fixed one: the same reader gets the same twin). */
const TWIN_SEED = 7;

/** The lab's twin of the checkpoint `of`, if one was kept. */
export const twinIn = (checkpoints: readonly LabCheckpoint[], of: string | undefined): LabCheckpoint | undefined =>
  of === undefined ? undefined : checkpoints.find((c) => c.parent === of && c.summary.meta.label === TWIN_FILE_LABEL);

export function useUntrainedTwin(): UntrainedTwin {
  const active = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey));
  const twin = useStore((s) => twinIn(s.checkpoints, s.activeKey));
  const [isMaking, setMaking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const make = useCallback(async () => {
    if (!active || twinIn(useStore.getState().checkpoints, active.key)) return;
    const { nLayer, nHead, nEmbd, blockSize, positional, activation, bias, scaleTokens } = active.summary.config;
    setMaking(true);
    setError(null);
    try {
      const made = await engine().call('createModel', {
        config: { nLayer, nHead, nEmbd, blockSize, positional, activation, bias, ...(scaleTokens ? { scaleTokens } : {}) },
        tokenizerOf: active.key, seed: TWIN_SEED, label: TWIN_FILE_LABEL,
      });
      await addCheckpoint(made.bytes, `Untrained twin of “${active.label}” (random weights, seed ${TWIN_SEED})`, 'base', { parent: active.key });
    } catch (e) {
      setError(`The untrained model could not be made or kept: ${(e as Error).message}`);
    } finally {
      setMaking(false);
    }
  }, [active]);

  return { twinKey: twin?.key ?? null, twinLabel: twin?.label ?? null, isMaking, error, make };
}
