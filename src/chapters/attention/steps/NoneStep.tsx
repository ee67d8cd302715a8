// Step 5: every head off. The loss on the validation passage with and without attention, beside random guessing,
// and the same prompt continued by both models with the same seed, side by side.
import { useMemo } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { useEngineStream } from '../../../state/useEngineStream';
import { Bars } from '../../../viz/Bars';
import { formatValue } from '../../../viz/figureData';
import { EngineError } from '../Notices';
import { useModelShape, useValidationPassage } from '../useAttentionChoice';

const newTokens = 60;

export function NoneStep() {
  const key = useStore((s) => s.activeKey);
  const prompt = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const shape = useModelShape();
  const passage = useValidationPassage();
  const text = passage.result?.text ?? null;
  const noAttention = useMemo(() => (shape ? { attn: new Array<number>(shape.nLayer).fill(0) } : null), [shape]);
  const full = useEngineQuery('evaluate', useMemo(() => (text ? { key, text } : null), [key, text]));
  const none = useEngineQuery('evaluate', useMemo(() => (text && noAttention ? { key, text, ablation: noAttention } : null), [key, text, noAttention]));
  const fullSample = useEngineStream('ablatedSample');
  const noneSample = useEngineStream('ablatedSample');
  const V = shape?.vocabSize ?? 1;
  const isRunning = fullSample.status === 'running' || noneSample.status === 'running';

  const run = async () => {
    if (!noAttention) return;
    const common = { key, text: prompt, maxNewTokens: newTokens, seed, temperature: 0.8 };
    // One after the other (the engine runs one at a time anyway); a stopped first run stops the pair.
    if (await fullSample.start(common)) await noneSample.start({ ...common, ablation: noAttention });
  };

  return (
    <>
      <p>
        Switch off every head of every layer: each token then sees only itself, and the model becomes a table of
        “what usually follows this token”, however clever its MLPs. How much worse is that, in numbers?
      </p>
      <ModelStatus />
      <EngineError error={passage.error ?? full.error ?? none.error ?? fullSample.error ?? noneSample.error} />
      {full.result && none.result && (
        <>
          <p data-testid="att-none-verdict">
            On the validation passage ({full.result.tokens.length} tokens) the full model's mean loss is{' '}
            <strong>{formatValue(full.result.meanLoss)}</strong> nats; without attention it is{' '}
            <strong>{formatValue(none.result.meanLoss)}</strong>; uniform guessing among {V} tokens gives{' '}
            {formatValue(Math.log(V))}. Per token, the right answer becomes{' '}
            {formatValue(Math.exp(none.result.meanLoss - full.result.meanLoss))} times less likely (geometric mean).
          </p>
          <Bars
            title="Mean loss on the validation passage"
            source={{ kind: 'live' }}
            items={[
              { id: 'full', label: 'full model', value: full.result.meanLoss },
              { id: 'none', label: 'no attention', value: none.result.meanLoss },
              { id: 'uniform', label: `uniform (ln ${V})`, value: Math.log(V) },
            ]}
            listLabel="Loss with and without attention"
            valueLabel="mean loss (nats)"
            format={(x) => formatValue(x)}
          />
        </>
      )}
      <Knob id="prompt" />
      <Knob id="seed" />
      <div className="button-row">
        <button type="button" onClick={() => void run()} disabled={isRunning || !noAttention}>
          Continue my prompt with both models
        </button>
        {isRunning && (
          <button type="button" onClick={() => (fullSample.cancel(), noneSample.cancel())}>
            Stop
          </button>
        )}
      </div>
      <div className="att-side-by-side">
        <Sample title="Full model" view={fullSample} prompt={prompt} />
        <Sample title="No attention" view={noneSample} prompt={prompt} />
      </div>
    </>
  );
}

function Sample({ title, view, prompt }: { title: string; view: ReturnType<typeof useEngineStream<'ablatedSample'>>; prompt: string }) {
  const text = view.result?.text ?? view.progress?.text ?? '';
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {view.status === 'running' && view.progress && (
        <progress max={view.progress.total} value={view.progress.done} aria-label={`${title}: tokens generated`} />
      )}
      {view.status === 'cancelled' && <p role="status">Stopped; the tokens so far are kept.</p>}
      <p className="att-sample" data-testid={`att-sample-${title === 'Full model' ? 'full' : 'none'}`}>
        {text ? (
          <>
            {prompt}
            <strong>{text}</strong>
          </>
        ) : (
          'Not generated yet.'
        )}
      </p>
    </section>
  );
}
