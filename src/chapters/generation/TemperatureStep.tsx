// Temperature as a curve the reader drags: the model's logits for their prompt, turned into probabilities at every
// temperature, with the handle on the same knob the other steps use; then greedy's loop on the same prompt.
import { useMemo } from 'react';
import { Knob } from '../../components/Knob';
import { ModelStatus } from '../../components/ModelStatus';
import { Term } from '../../components/Term';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { GreedyLoop } from './GreedyLoop';
import { TemperatureCurve } from './TemperatureCurve';

export function TemperatureStep() {
  const text = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const key = useStore((s) => s.activeKey);
  const temperature = useStore((s) => s.knobs.temperature);
  const isLocked = useStore((s) => s.locked.includes('temperature'));
  // The logits do not depend on temperature: ask once per prompt, then every temperature is computed here.
  const params = useMemo(() => ({ key, text, temperature: 1, seed, topCount: 5, full: true }), [key, text, seed]);
  const { result, error } = useEngineQuery('inspect', params);
  const logits = result?.distribution.full?.logits;
  const top = useMemo(() => result?.distribution.top.map((t) => ({ id: t.id, label: t.label })) ?? [], [result]);

  return (
    <>
      <p>
        The model's last layer gives each token a score, its <em>logit</em>. Softmax turns scores into{' '}
        <Term concept="probability">probabilities</Term>; temperature divides the scores first. Drag the line (or focus
        the plot and press ← →): near 0 the favourite takes everything, at 1 you see the model's own probabilities,
        higher and every token edges towards the same chance.
      </p>
      <Knob id="prompt" />
      <Knob id="temperature" />
      <ModelStatus />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && logits && (
        <TemperatureCurve
          logits={logits}
          tokens={top}
          temperature={temperature}
          onTemperature={(t) => !isLocked && setKnob('temperature', t)}
        />
      )}
      <GreedyLoop />
    </>
  );
}
