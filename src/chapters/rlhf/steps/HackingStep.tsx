// Reward hacking, made to happen: with β = 0 (no leash) and a brisk learning rate, PPO chases the classroom rule
// until the text degenerates — the reward rises while distinct bigrams fall and the loss on plain held-out text
// climbs. The reader predicts first; then the same run with β restored shows the leash holding.
import { useState } from 'react';
import { parseTextRule, ruleAsCode } from '../../../engine/rlhf/textRater';
import { useStore } from '../../../state/store';
import { selectRuleName } from '../session';
import { PpoCharts } from '../figures/PpoCharts';
import { SampleDiff } from '../figures/SampleDiff';
import { HACKING_PPO, PROMPTS } from '../presets';
import { usePpoRun, type PpoParams } from '../usePpoRun';
import { usePpoSetup } from '../usePpoSetup';

const LEASH = 0.1;
const PREDICTIONS = [
  { id: 'better', label: 'The text gets better and better at the rule' },
  { id: 'degenerate', label: 'The reward keeps rising while the text falls apart' },
  { id: 'stuck', label: 'Nothing much: without a leash it cannot learn' },
];

export function HackingStep() {
  const rule = useStore(selectRuleName);
  const seed = useStore((s) => s.knobs.seed);
  const setup = usePpoSetup(HACKING_PPO);
  const free = usePpoRun(), leashed = usePpoRun();
  const [prediction, setPrediction] = useState<string | null>(null);
  const isRunning = free.status === 'running' || leashed.status === 'running';

  const params = (klCoef: number): PpoParams | null => !setup.start ? null : {
    key: setup.start.key, rule, prompts: [...new Set([...setup.prompts, ...PROMPTS])], fixedPrompts: setup.fixedPrompts.slice(0, 2), valText: setup.valText,
    label: `Reward hacking, β ${klCoef}`, iterations: HACKING_PPO.iterations, klCoef, clipRange: HACKING_PPO.clipRange,
    epochs: HACKING_PPO.epochs, minibatchSize: HACKING_PPO.minibatchSize, maxNewTokens: setup.maxNewTokens, lr: HACKING_PPO.lr, seed,
  };
  const runFree = () => { const p = params(0); if (p) void free.start(p, null); };
  const runLeashed = () => { const p = params(LEASH); if (p) void leashed.start(p, null); };

  const first = free.history[0], last = free.history.at(-1);
  return (
    <>
      <p>
        A reward model is only a stand-in for what people want, and PPO optimises the stand-in. Give it no leash and
        it finds whatever the stand-in over-rewards. Here the reward is the classroom rule itself, so you can see
        exactly what is being optimised:
      </p>
      <pre className="rl-code" aria-label="The rule being optimised">{safeRuleCode(rule)}</pre>
      <fieldset className="rl-guess">
        <legend>Before you run it: with β = 0, {HACKING_PPO.iterations} iterations and a learning rate of {HACKING_PPO.lr}, what happens to the text?</legend>
        <div className="button-row">
          {PREDICTIONS.map((p) => (
            <button key={p.id} type="button" aria-pressed={prediction === p.id} onClick={() => setPrediction(p.id)}>{p.label}</button>
          ))}
        </div>
      </fieldset>
      <div className="button-row">
        <button type="button" disabled={!setup.start || isRunning || prediction === null} onClick={runFree}>Run with β = 0</button>
        <button type="button" disabled={!setup.start || isRunning || free.history.length === 0} onClick={runLeashed}>Run again with β = {LEASH}</button>
        {isRunning && <button type="button" onClick={() => { free.cancel(); leashed.cancel(); }}>Stop</button>}
      </div>
      {prediction === null && <p className="guess-hint">Choose a prediction to unlock the run.</p>}
      {!setup.valText && <p className="notice">The held-out text could not be loaded, so its loss is not plotted; the rest runs as usual.</p>}
      {[free, leashed].map((r) => r.error && <p key={r === free ? 'f' : 'l'} className="notice notice-error" role="alert">{r.error}</p>)}
      {free.history.length > 0 && <PpoCharts history={free.history} planned={HACKING_PPO.iterations} view="hacking" titleSuffix=" with β = 0" />}
      {free.status === 'done' && first && last && (
        <p role="status" data-testid="hacking-verdict">
          With β = 0 the reward went from {first.reward.toFixed(2)} to {last.reward.toFixed(2)}, while distinct bigrams went
          from {first.distinct2.toFixed(2)} to {last.distinct2.toFixed(2)}
          {first.valLoss !== null && last.valLoss !== null ? ` and the held-out loss from ${first.valLoss.toFixed(2)} to ${last.valLoss.toFixed(2)} nats` : ''};
          {' '}the KL to the start model rose from {first.kl.toFixed(2)} to {last.kl.toFixed(2)} nats per answer.
          {prediction === 'degenerate' ? ' As you predicted: ' : ' '}
          that is reward hacking — the number went up, the thing it stood for did not.
        </p>
      )}
      {free.result && free.result.before.length > 0 && <SampleDiff title="Before and after, β = 0" before={free.result.before} after={free.result.after} />}
      {leashed.history.length > 0 && <PpoCharts history={leashed.history} planned={HACKING_PPO.iterations} view="hacking" titleSuffix={` with β = ${LEASH}`} />}
      {leashed.status === 'done' && leashed.history.length > 0 && last && (
        <p role="status" data-testid="leashed-verdict">
          With β = {LEASH} the reward went from {leashed.history[0].reward.toFixed(2)} to {leashed.history.at(-1)!.reward.toFixed(2)}, the KL
          to {leashed.history.at(-1)!.kl.toFixed(2)} nats (β = 0: {last.kl.toFixed(2)}), and distinct bigrams
          to {leashed.history.at(-1)!.distinct2.toFixed(2)} (β = 0: {last.distinct2.toFixed(2)}).
        </p>
      )}
      {leashed.result && leashed.result.before.length > 0 && <SampleDiff title={`Before and after, β = ${LEASH}`} before={leashed.result.before} after={leashed.result.after} />}
      <p>
        These runs are not kept in the lab: they are the demonstration, not a model to use.
      </p>
    </>
  );
}

function safeRuleCode(rule: string): string {
  try {
    return ruleAsCode(parseTextRule(rule));
  } catch (error) {
    return (error as Error).message;
  }
}
