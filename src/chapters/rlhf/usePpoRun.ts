// One PPO run as the page drives it: start it with the reader's settings, collect every iteration's figures, and
// when it ends (done, stopped, or stopped by a loss that is not a number) keep the last good model in the lab as
// an 'rlhf' checkpoint with its lineage, and the run with its curves, so rounds can be listed and compared.
import { useRef, useState } from 'react';
import { addCheckpoint } from '../../state/lab/labActions';
import { saveRun } from '../../state/lab/labCollections';
import type { ParamsOf } from '../../workers/protocol';
import { useEngineStream } from '../../state/useEngineStream';
import type { PpoProgress, PpoResult } from '../../workers/handlers/ppo';

export type PpoParams = ParamsOf<'ppo'>;

/** The numbers of an iteration the lab keeps as the run's history. */
export const PPO_SERIES = ['reward', 'kl', 'clipFraction', 'entropy', 'policyLoss', 'valueLoss', 'distinct2', 'valLoss'] as const;

export function historyOf(records: readonly PpoProgress[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const name of PPO_SERIES) {
    const values = records.map((r) => r[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length) out[name] = values;
  }
  return out;
}

export function usePpoRun() {
  const [history, setHistory] = useState<PpoProgress[]>([]);
  const [saved, setSaved] = useState<{ key: string; label: string } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const collected = useRef<PpoProgress[]>([]);
  const stream = useEngineStream('ppo', {
    cancelKeepsAnswer: true,
    onProgress: (p) => { collected.current.push(p); setHistory([...collected.current]); },
    onRetry: () => { collected.current = []; setHistory([]); },
  });

  /** Runs PPO; keeps the result in the lab under `label` with `config` (what the rounds list shows), unless null. */
  const start = async (params: PpoParams, config: Record<string, unknown> | null): Promise<PpoResult | null> => {
    collected.current = [];
    setHistory([]);
    setSaved(null);
    setSaveError(null);
    const result = await stream.start(params);
    if (!result || result.iterations === 0 || config === null) return result;
    try {
      const entry = await addCheckpoint(result.bytes, params.label, 'rlhf', { parent: params.key });
      await saveRun({ kind: 'rlhf', config: { ...config, stopped: result.stopped }, history: historyOf(collected.current), checkpointKey: entry.key });
      setSaved({ key: entry.key, label: entry.label });
    } catch (error) {
      setSaveError((error as Error).message);
    }
    return result;
  };

  return { ...stream, history, start, saved, saveError };
}
