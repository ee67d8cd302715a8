// Deployment and monitoring: the reader's RLHF model becomes the one the whole book uses (the Generation chapter
// then writes with it, beside base and SFT), and a small monitor checks it on fresh prompts — each answer's reward
// and its KL to the model it was trained from — so "continuous monitoring" is a figure that grows with each check.
import { useState } from 'react';
import { ChapterLink } from '../../../components/ChapterLink';
import { engine } from '../../../state/engineConnection';
import { setActiveCheckpoint } from '../../../state/lab/labActions';
import { useStore } from '../../../state/store';
import { FigureFrame } from '../../../viz/FigureFrame';
import type { MonitorRow } from '../../../workers/handlers/monitor';
import { Curves } from '../figures/Curves';
import { PROMPTS } from '../presets';
import { nonRlhfAncestor, selectRuleName } from '../session';
import { useRewardModel } from '../useRewardModel';
import { answerLength } from '../useSampler';

interface Check {
  n: number;
  reward: number;
  kl: number;
  rows: MonitorRow[];
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

export function DeployStep() {
  const checkpoints = useStore((s) => s.checkpoints);
  const activeKey = useStore((s) => s.activeKey);
  const rule = useStore(selectRuleName);
  const readerPrompt = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const state = useStore.getState;
  const reward = useRewardModel();
  const rlhfModels = checkpoints.filter((c) => c.kind === 'rlhf');
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const chosen = rlhfModels.find((c) => c.key === chosenKey) ?? rlhfModels.at(-1);
  const reference = chosen ? nonRlhfAncestor(state(), chosen) : undefined;
  const [checks, setChecks] = useState<Check[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const useModel = reward !== null && reward.sourceKey === reference?.key;

  const check = async () => {
    if (!chosen || !reference) return;
    setBusy(true);
    setError(null);
    const n = checks.length + 1;
    try {
      const { rows } = await engine().call('monitor', {
        key: chosen.key, referenceKey: reference.key, ...(useModel ? { reward: reward!.bytes } : { rule }),
        prompts: [readerPrompt, ...PROMPTS].slice(0, 6), maxNewTokens: answerLength(chosen.summary.config.blockSize), seed: seed * 100 + n,
      });
      setChecks((c) => [...c, { n, reward: mean(rows.map((r) => r.reward)), kl: mean(rows.map((r) => r.kl)), rows }]);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!chosen) {
    return <p className="notice">No RLHF model yet: run PPO or DPO first, and it will be kept in the lab as kind “rlhf”.</p>;
  }
  const latest = checks.at(-1);
  return (
    <>
      <p>
        Your RLHF model is already saved in the model lab as kind <code>rlhf</code>, with the model it came from.
        Deploying it here means making it the model the whole book uses; the{' '}
        <ChapterLink to="generation">Generation</ChapterLink> chapter then writes with it, and the model lab switches
        back to base or SFT for the same prompt and seed.
      </p>
      <label className="rl-field">
        Model
        <select value={chosen.key} onChange={(e) => { setChosenKey(e.currentTarget.value); setChecks([]); }}>
          {rlhfModels.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
        </select>
      </label>
      <div className="button-row">
        <button type="button" disabled={activeKey === chosen.key} onClick={() => void setActiveCheckpoint(chosen.key)}>
          {activeKey === chosen.key ? 'In use across the book' : 'Deploy: use it across the book'}
        </button>
      </div>
      <h3>Monitoring</h3>
      <p>
        A deployed model is watched: each check samples fresh answers (new seeds) and measures their reward
        ({useModel ? 'your reward model' : <>the rule <code>{rule}</code>{reward ? ', since your reward model was trained on another model' : ''}</>})
        and their KL to “{reference?.label}”, the model it was trained from.
      </p>
      <button type="button" disabled={busy} onClick={() => void check()}>{busy ? 'Checking…' : 'Check on fresh prompts'}</button>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {checks.length > 0 && (
        <Curves
          title="The deployed model, check by check"
          records={checks}
          x={(c) => c.n}
          xLabel="check"
          yLabel="mean reward · KL (nats)"
          planned={Math.max(5, checks.length)}
          curves={[
            { id: 'reward', label: 'mean reward', concept: 'reward', value: (c) => c.reward },
            { id: 'kl', label: 'mean KL to the reference', concept: 'attention', value: (c) => c.kl, dashed: true },
          ]}
          caption="A reward that sinks or a KL that climbs from check to check is the signal to look closer."
        />
      )}
      {latest && (
        <FigureFrame
          title={`Check ${latest.n}: each answer`}
          source={{ kind: 'live' }}
          table={() => ({ columns: ['prompt', 'answer', 'reward', 'KL (nats)'], rows: latest.rows.map((r) => [r.prompt, r.answer, r.reward, r.kl]) })}
        >
          <ul className="rl-scores" aria-label="Answers in the latest check">
            {latest.rows.map((r, i) => (
              <li key={i}><strong>{r.reward.toFixed(2)}</strong> · KL {r.kl.toFixed(2)} <span className="rl-text"><span className="rl-prompt">{r.prompt}</span>{r.answer}</span></li>
            ))}
          </ul>
        </FigureFrame>
      )}
    </>
  );
}
