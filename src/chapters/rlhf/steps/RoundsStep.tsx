// Iterative refinement: every PPO and DPO run the reader made is kept in the lab with its settings and curves.
// Here they are listed with their final figures, and any two compared on one chart. A new round is: rate new
// samples (first step), retrain the reward model, then PPO again going on from the latest model, still leashed
// to the first round's start.
import { useState } from 'react';
import { ChapterLink } from '../../../components/ChapterLink';
import type { RunRecord } from '../../../state/lab/records';
import type { LabCheckpoint } from '../../../state/slices/lab';
import { useStore } from '../../../state/store';
import { FigureFrame } from '../../../viz/FigureFrame';
import { LineChart, type LineSeries } from '../../../viz/LineChart';
import { selectStartModel } from '../session';
import { RoundSamples } from './RoundSamples';

const lastOf = (run: RunRecord, name: string) => run.history[name]?.at(-1);
const fmt = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
const percent = (x: unknown) => (typeof x === 'number' ? `${Math.round(x * 100)} %` : 'none held out');
function describe(run: RunRecord, i: number): string {
  const c = run.config;
  const what = c.stage === 'ppo' ? `PPO round ${c.round}, β ${c.beta}`
    : c.stage === 'dpo' ? `DPO, β ${c.beta}`
      : `Reward model, ${c.pairs} pairs, held-out ${percent(c.heldOutAccuracy)}`;
  return `${i + 1}. ${what} (${new Date(run.createdAt).toLocaleTimeString()})`;
}
/** What a run's curve in the comparison is: PPO's mean reward, else the share of pairs ranked the rater's way. */
const curveOf = (run: RunRecord) => (run.config.stage === 'ppo' ? 'reward' : 'accuracy');
const rewardOf = (run: RunRecord) => String(run.config.reward ?? (run.config.stage === 'dpo' ? 'ratings (DPO)' : 'ratings'));

export function RoundsStep() {
  const runs = useStore((s) => s.runs).filter((r) => r.kind === 'rlhf');
  const checkpoints = useStore((s) => s.checkpoints);
  const rewardModels = useStore((s) => s.rewardModels);
  const [a, setA] = useState(0);
  const [b, setB] = useState(1);
  // A run's model: a language model, or a reward model (kept apart in the lab; runs from before it kept them have none).
  const labelOf = (key: string | null) =>
    key === null ? 'not kept' : (checkpoints.find((c) => c.key === key) ?? rewardModels.find((r) => r.key === key))?.label ?? 'deleted';
  // The start model, then every language model the runs kept (PPO rounds, DPO), oldest first.
  const start = useStore(selectStartModel);
  const roundModels = [start, ...runs.map((r) => checkpoints.find((c) => c.key === r.checkpointKey))]
    .filter((c, i, all): c is LabCheckpoint => c !== undefined && all.findIndex((x) => x?.key === c.key) === i);
  const chosen = [runs[a], runs[b]].filter((r): r is RunRecord => r !== undefined);
  const series: LineSeries[] = chosen.flatMap((run, k) => {
    const name = curveOf(run);
    return [{
      id: `${k}-${name}`, label: `${describe(run, runs.indexOf(run))}: ${name === 'reward' ? 'mean reward' : 'pairs ranked your way'}`,
      concept: k === 0 ? 'reward' : 'probability', dashed: k === 1,
      points: (run.history[name] ?? []).map((y, i) => ({ x: i + 1, y })),
    }];
  });

  return (
    <>
      <p>
        Real RLHF is not one run: after a round, people rate the new model's answers, the reward model learns from
        the new ratings, and PPO runs again — still leashed to the same reference, so the rounds do not drift off
        together. To do a round here: rate a few new pairs in the first step, retrain the reward model, and run PPO
        with “go on from” ticked.
      </p>
      {runs.length === 0 ? (
        <p className="notice">No RLHF runs yet: run PPO or DPO first. Every run is kept here, with its curves, across reloads.</p>
      ) : (
        <FigureFrame
          title="Your RLHF runs"
          source={{ kind: 'precomputed', command: 'your own runs, kept in the model lab' }}
          table={() => ({
            columns: ['run', 'reward', 'iterations or steps', 'final reward', 'final KL', 'distinct-2', 'model'],
            rows: runs.map((r, i) => [describe(r, i), rewardOf(r), (r.history.reward ?? r.history.loss ?? []).length,
              lastOf(r, 'reward') ?? null, lastOf(r, 'kl') ?? null, lastOf(r, 'distinct2') ?? null, labelOf(r.checkpointKey)]),
          })}
        >
          <div className="rl-table-wrap">
            <table className="rl-table" aria-label="RLHF runs">
              <thead><tr><th>Run</th><th>Reward</th><th>Final reward</th><th>Final KL</th><th>Distinct-2</th><th>Model</th></tr></thead>
              <tbody>
                {runs.map((r, i) => (
                  <tr key={r.id}>
                    <td>{describe(r, i)}</td><td>{rewardOf(r)}</td><td>{fmt(lastOf(r, 'reward'))}</td>
                    <td>{fmt(lastOf(r, 'kl'))}</td><td>{fmt(lastOf(r, 'distinct2'))}</td><td>{labelOf(r.checkpointKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </FigureFrame>
      )}
      {runs.length > 1 && (
        <>
          <div className="rl-knobs">
            {([['Compare', a, setA], ['with', b, setB]] as const).map(([label, value, set]) => (
              <label key={label} className="rl-field">
                {label}
                <select value={value} onChange={(e) => set(Number(e.currentTarget.value))}>
                  {runs.map((r, i) => <option key={r.id} value={i}>{describe(r, i)}</option>)}
                </select>
              </label>
            ))}
          </div>
          <LineChart
            title="Two runs side by side"
            source={{ kind: 'precomputed', command: 'your own runs, kept in the model lab' }}
            series={series}
            xLabel="iteration or step"
            yLabel="reward · share"
            height={220}
            caption="PPO runs plot their mean reward; reward-model and DPO runs the share of training pairs ranked your way."
          />
        </>
      )}
      {roundModels.length > 1 && <RoundSamples models={roundModels} />}
      <p>
        The models themselves are in the model lab, each with the model it was trained from; the{' '}
        <ChapterLink to="generation">Generation</ChapterLink> chapter writes with whichever one you choose.
      </p>
    </>
  );
}
