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
  /** Why no twin is made for the active model (too big: twinRefusal), or null. */
  refusal: string | null;
  make: () => Promise<void>;
}

/** The label written into a twin's file: with its parent, how the chapter recognises a twin in the lab. */
export const TWIN_FILE_LABEL = 'untrained twin';
/** The seed of the twin's random weights (any fixed one: the same reader gets the same twin). */
const TWIN_SEED = 7;

/**
 * Over this many parameters no twin is made: it would be a second model as big as the reader's (a 124M GPT-2's twin
 * is another ~500 MB in the tab and ~250 MB more in the lab), doubling the memory to show one comparison.
 */
export const TWIN_MAX_PARAMETERS = 30_000_000;

/** Why no twin is made for a model of `parameters`, or null when one can be. */
export function twinRefusal(parameters: number): string | null {
  if (parameters <= TWIN_MAX_PARAMETERS) return null;
  return `An untrained twin of this ${(parameters / 1e6).toFixed(0)}M-parameter model would be a second model just as big ` +
    `(about ${((parameters * 4) / 2 ** 20).toFixed(0)} MB more in this tab), so it is made only for models up to ` +
    `${TWIN_MAX_PARAMETERS / 1e6}M parameters. Choose a smaller model in the lab to compare with random weights.`;
}

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
    const refusal = twinRefusal(active.summary.parameters);
    if (refusal) return setError(refusal);
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

  const refusal = active ? twinRefusal(active.summary.parameters) : null;
  return { twinKey: twin?.key ?? null, twinLabel: twin?.label ?? null, isMaking, error, refusal, make };
}
