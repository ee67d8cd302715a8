// DPO beside PPO: the same ratings train a copy of the model directly — no reward model, no rollouts, one
// classification-like loss per pair — with a quarter held out. Its curves and before/after samples sit beside the
// reader's latest PPO round, so the two are compared on what each needed and what each did.
import { useRef, useState } from 'react';
import { addCheckpoint } from '../../../state/lab/labActions';
import { saveRun } from '../../../state/lab/labCollections';
import { useStore } from '../../../state/store';
import { useEngineStream } from '../../../state/useEngineStream';
import type { DpoProgress } from '../../../workers/handlers/dpo';
import { Curves } from '../figures/Curves';
import { SampleDiff } from '../figures/SampleDiff';
import { ratingsToPairs, selectStartModel } from '../session';
import { answerLength } from '../useSampler';
import { promptsOf } from '../session';
import { FigureFrame } from '../../../viz/FigureFrame';

const STEPS = 40;
const BETA = 0.1;

export function DpoStep() {
  const start = useStore(selectStartModel);
  const ratings = useStore((s) => s.ratings);
  const runs = useStore((s) => s.runs);
  const seed = useStore((s) => s.knobs.seed);
  const [history, setHistory] = useState<DpoProgress[]>([]);
  const [seconds, setSeconds] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const collected = useRef<DpoProgress[]>([]);
  const run = useEngineStream('dpo', {
    cancelKeepsAnswer: true,
    onProgress: (p) => { collected.current.push(p); setHistory([...collected.current]); },
  });
  const pairs = ratingsToPairs(ratings);
  const lastPpo = [...runs].reverse().find((r) => r.kind === 'rlhf' && r.config.stage === 'ppo');

  const go = async () => {
    if (!start) return;
    collected.current = [];
    setHistory([]);
    setSaved(null);
    setSaveError(null);
    const began = performance.now();
    const label = `RLHF: DPO, β ${BETA}, ${pairs.length} pairs`;
    const result = await run.start({
      key: start.key, ratings: pairs, fixedPrompts: promptsOf(ratings).slice(0, 3), label, steps: STEPS, beta: BETA,
      maxNewTokens: answerLength(start.summary.config.blockSize), seed,
    });
    setSeconds((performance.now() - began) / 1000);
    if (!result || result.steps === 0) return;
    try {
      const entry = await addCheckpoint(result.bytes, label, 'rlhf', { parent: start.key });
      const h = collected.current;
      await saveRun({
        kind: 'rlhf', checkpointKey: entry.key,
        config: { stage: 'dpo', beta: BETA, steps: STEPS, pairs: pairs.length, start: start.label, stopped: result.stopped },
        history: { loss: h.map((x) => x.loss), accuracy: h.map((x) => x.accuracy), margin: h.map((x) => x.margin) },
      });
      setSaved(entry.label);
    } catch (error) {
      setSaveError((error as Error).message);
    }
  };

  const isRunning = run.status === 'running';
  const last = history.at(-1);
  const ppoSeries = (name: string) => (lastPpo?.history[name] ?? []).at(-1);
  return (
    <>
      <p>
        PPO needs a reward model, rollouts, a value head and four models in memory (policy, reference, reward, value).
        <em> Direct Preference Optimization</em> (Rafailov et al., 2023) noticed that the best policy under a KL leash
        has a closed form, so the ratings can train the model directly: for each pair, raise β·(log π − log π<sub>ref</sub>)
        of the chosen answer above the rejected one's, with the same Bradley–Terry loss the reward model used. No
        sampling, no reward model: most open chat models since 2024 were tuned this way or with its relatives.
      </p>
      <p>DPO here: {pairs.length} pairs from your ratings, a quarter held out, β = {BETA}, {STEPS} steps, from “{start?.label ?? '…'}”.</p>
      <div className="button-row">
        <button type="button" disabled={!start || isRunning || pairs.length < 2} onClick={() => void go()}>Run DPO on your ratings</button>
        {isRunning && <button type="button" onClick={run.cancel}>Stop (keep the model so far)</button>}
      </div>
      {pairs.length < 2 && <p className="notice">Rate at least two pairs with a winner in the first step.</p>}
      {isRunning && last && <p role="status">Step {last.step} of {last.steps}: loss {last.loss.toFixed(3)}</p>}
      {run.error && <p className="notice notice-error" role="alert">{run.error}</p>}
      {run.result?.message && <p className="notice" role="status">{run.result.message}</p>}
      {history.length > 0 && (
        <Curves
          title="DPO on your ratings"
          records={history}
          x={(r) => r.step}
          xLabel="step"
          yLabel="loss · share ranked your way"
          planned={STEPS}
          references={[{ y: Math.LN2, label: 'ln 2: start' }]}
          curves={[
            { id: 'loss', label: 'DPO loss', concept: 'loss', value: (r) => r.loss },
            { id: 'acc', label: 'training pairs ranked your way', concept: 'reward', value: (r) => r.accuracy, dashed: true },
            { id: 'held', label: 'held-out pairs ranked your way', concept: 'probability', value: (r) => r.heldOutAccuracy },
          ]}
          caption="At step 1 the policy is its reference, so every margin is 0 and the loss is exactly ln 2."
        />
      )}
      {run.result && run.result.before.length > 0 && <SampleDiff title="The same prompts and seeds, before and after DPO" before={run.result.before} after={run.result.after} />}
      {run.result && (
        <FigureFrame
          title="DPO beside your latest PPO round"
          source={{ kind: 'live' }}
          table={() => ({
            columns: ['', 'PPO (latest round)', 'DPO (this run)'],
            rows: [
              ['needs a reward model', 'yes', 'no'],
              ['samples answers while training', 'yes', 'no'],
              ['iterations or steps', lastPpo ? String(lastPpo.history.reward?.length ?? 0) : 'no PPO run yet', String(run.result!.steps)],
              ['final mean reward', ppoSeries('reward')?.toFixed(2) ?? '—', 'not measured (no reward model)'],
              ['final KL to the reference (nats)', ppoSeries('kl')?.toFixed(2) ?? '—', '—'],
              ['held-out pairs ranked your way', '—', run.result!.heldOutAccuracy === null ? 'none held out' : `${Math.round(run.result!.heldOutAccuracy * 100)} %`],
              ['seconds (this tab)', '—', seconds === null ? '—' : seconds.toFixed(1)],
            ],
          })}
        >
          <p>
            {lastPpo ? `Your latest PPO round ended at reward ${ppoSeries('reward')?.toFixed(2)} and KL ${ppoSeries('kl')?.toFixed(2)} nats.` : 'Run PPO in its step to fill the PPO column.'}{' '}
            DPO {run.result.heldOutAccuracy === null ? 'had no held-out pairs' : `ranks ${Math.round(run.result.heldOutAccuracy * 100)} % of held-out pairs your way`}
            {seconds !== null && ` and took ${seconds.toFixed(1)} s here`}. Open the table for the side-by-side.
          </p>
        </FigureFrame>
      )}
      {saved && <p role="status">Kept in the model lab as “{saved}” (kind rlhf).</p>}
      {saveError && <p className="notice notice-error" role="alert">{saveError}</p>}
    </>
  );
}
