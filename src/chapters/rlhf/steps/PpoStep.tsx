// PPO, as its own stage: the policy answers the rated prompts, the reward model (or the classroom rule) scores each
// answer at its end, every token pays β·(log π − log π_ref) for drifting from the frozen reference, a value head
// and GAE turn that into advantages, and the clipped objective (ε) updates the policy. β, ε and the iterations are
// knobs; the curves are live; samples for fixed prompts are shown before and after with the changed tokens marked.
import { useState } from 'react';
import { Knob } from '../../../components/Knob';
import { useStore } from '../../../state/store';
import { PpoCharts } from '../figures/PpoCharts';
import { SampleDiff } from '../figures/SampleDiff';
import { CLASSROOM_PPO } from '../presets';
import { selectRuleName } from '../session';
import { useRewardModel } from '../useRewardModel';
import { usePpoRun } from '../usePpoRun';
import { usePpoSetup } from '../usePpoSetup';

export function PpoStep() {
  const beta = useStore((s) => s.knobs.rlBeta);
  const clip = useStore((s) => s.knobs.rlClip);
  const iterations = useStore((s) => s.knobs.rlIters);
  const rule = useStore(selectRuleName);
  const seed = useStore((s) => s.knobs.seed);
  const runs = useStore((s) => s.runs);
  const reward = useRewardModel();
  const setup = usePpoSetup(CLASSROOM_PPO);
  const run = usePpoRun();
  const hasRewardModel = reward !== null && reward.sourceKey === setup.start?.key;
  const [source, setSource] = useState<'model' | 'rule'>('model');
  const useModel = source === 'model' && hasRewardModel;
  const [continueRound, setContinueRound] = useState(false);
  const round = runs.filter((r) => r.kind === 'rlhf' && r.config.stage === 'ppo').length + 1;
  const isRunning = run.status === 'running';

  const go = () => {
    if (!setup.start) return;
    const from = continueRound && setup.latestRlhf ? setup.latestRlhf : setup.start;
    const label = `RLHF round ${round}: PPO, β ${beta}, ${useModel ? 'your reward model' : `rule ${rule}`}`;
    void run.start({
      key: from.key, referenceKey: setup.start.key, ...(useModel ? { reward: reward!.bytes } : { rule }),
      prompts: setup.prompts, fixedPrompts: setup.fixedPrompts, valText: setup.valText, label,
      iterations, klCoef: beta, clipRange: clip, epochs: CLASSROOM_PPO.epochs, minibatchSize: CLASSROOM_PPO.minibatchSize,
      maxNewTokens: setup.maxNewTokens, lr: CLASSROOM_PPO.lr, seed,
    }, {
      stage: 'ppo', round, beta, clip, iterations, reward: useModel ? 'reward model' : `rule ${rule}`,
      start: from.label, reference: setup.start.label, prompts: setup.prompts.length,
    });
  };

  const last = run.history.at(-1);
  return (
    <>
      <p>
        Now the model learns from the judge. Each iteration it answers your rated prompts ({setup.prompts.length} of
        them), the reward scores every answer at its last token, and each token pays <strong>β</strong> times how much
        likelier the policy made it than the frozen <em>reference</em> model did: the KL leash. A value head guesses
        each answer's reward ahead of time, GAE turns the surprise into an advantage per token, and the update is
        clipped: a token's probability may move by at most a factor of 1 ± <strong>ε</strong> per iteration.
      </p>
      <div className="rl-knobs">
        <Knob id="rlBeta" />
        <Knob id="rlClip" />
        <Knob id="rlIters" />
      </div>
      <fieldset className="rl-choice">
        <legend>Reward</legend>
        <label>
          <input type="radio" name="ppo-reward" checked={useModel} disabled={!hasRewardModel} onChange={() => setSource('model')} />
          Your reward model {hasRewardModel ? `(held-out accuracy ${reward!.heldOutAccuracy === null ? 'not measured' : `${Math.round(reward!.heldOutAccuracy * 100)} %`})` : '(train it in the previous step)'}
        </label>
        <label>
          <input type="radio" name="ppo-reward" checked={!useModel} onChange={() => setSource('rule')} />
          The classroom rule itself, <code>{rule}</code> (no reward model: a perfect judge of that rule)
        </label>
      </fieldset>
      {setup.latestRlhf && (
        <label className="rl-field-inline">
          <input type="checkbox" checked={continueRound} onChange={(e) => setContinueRound(e.currentTarget.checked)} />
          Go on from “{setup.latestRlhf.label}” (round {round}), still leashed to “{setup.start?.label}”
        </label>
      )}
      <p>
        Epochs per iteration: {CLASSROOM_PPO.epochs}, minibatches of {Math.min(CLASSROOM_PPO.minibatchSize, setup.prompts.length)} answers,{' '}
        {setup.maxNewTokens} tokens per answer, learning rate {CLASSROOM_PPO.lr}. Starts from “{setup.start?.label ?? '…'}”.
      </p>
      <div className="button-row">
        <button type="button" disabled={!setup.start || isRunning} onClick={go}>Run PPO ({iterations} iterations)</button>
        {isRunning && <button type="button" onClick={run.cancel}>Stop (keep the model so far)</button>}
      </div>
      {isRunning && last && (
        <p role="status" data-testid="ppo-status">
          Iteration {last.iter} of {last.iterations}: reward {last.reward.toFixed(2)}, KL {last.kl.toFixed(2)} nats.
        </p>
      )}
      {run.error && <p className="notice notice-error" role="alert">{run.error}</p>}
      {run.result?.message && <p className="notice" role="status">{run.result.message}</p>}
      {run.history.length > 0 && <PpoCharts history={run.history} planned={iterations} view="training" />}
      {last && (
        <p className="rl-sample">
          A sample from iteration {last.iter} (reward {last.sample.score.toFixed(2)}):{' '}
          <span className="rl-text"><span className="rl-prompt">{last.sample.prompt}</span>{last.sample.response}</span>
        </p>
      )}
      {run.result && run.result.before.length > 0 && (
        <SampleDiff title="The same prompts and seeds, before and after PPO" before={run.result.before} after={run.result.after} />
      )}
      {run.saved && (
        <p role="status" data-testid="ppo-saved">
          Kept in the model lab as “{run.saved.label}” (kind rlhf, trained from “{setup.start?.label}”). The rounds step
          lists it; the deploy step puts it to work.
        </p>
      )}
      {run.saveError && <p className="notice notice-error" role="alert">{run.saveError}</p>}
    </>
  );
}
