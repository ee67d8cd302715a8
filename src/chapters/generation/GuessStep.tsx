// Predict, then reveal: the reader picks which of the model's ten likeliest next tokens they think wins, and only
// then sees the probabilities the model computed for their prompt (its own, before temperature or any cut).
import { useEffect, useMemo, useState } from 'react';
import { Knob } from '../../components/Knob';
import { ModelStatus } from '../../components/ModelStatus';
import { Term } from '../../components/Term';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { Bars, formatPercent } from '../../viz/Bars';

const candidates = 10;

export function GuessStep() {
  const text = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const key = useStore((s) => s.activeKey);
  // Temperature 1 and no cuts: the bars are the model's own probabilities.
  const params = useMemo(() => ({ key, text, temperature: 1, seed, topCount: candidates }), [key, text, seed]);
  const { result, error, isComputing } = useEngineQuery('inspect', params);
  const [guess, setGuess] = useState<number | null>(null);
  useEffect(() => setGuess(null), [text, key]); // a new prompt is a new question

  const top = result?.distribution.top ?? [];
  // Offered in id order, so the list's order gives nothing away.
  const offered = [...top].sort((a, b) => a.id - b.id);
  const guessed = top.find((t) => t.id === guess);
  const rank = guessed ? top.indexOf(guessed) + 1 : 0;

  return (
    <>
      <p>
        At every step the model computes a <Term concept="probability">probability</Term> for each of the{' '}
        {result?.distribution.summary.vocabSize ?? 'many'} tokens it knows. Before you see them: which of these ten
        do you think the model finds likeliest after your prompt?
      </p>
      <Knob id="prompt" />
      <ModelStatus />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && !error && (
        <div aria-busy={isComputing}>
          <fieldset className="guess-choices">
            <legend>Your guess for the next token after “{result.tokens.slice(-3).map((t) => t.label).join('')}”</legend>
            <div className="button-row">
              {offered.map((t) => (
                <button key={t.id} type="button" aria-pressed={guess === t.id} disabled={guess !== null} onClick={() => setGuess(t.id)}>
                  <span className="token-quote">{t.label}</span>
                </button>
              ))}
            </div>
          </fieldset>
          {guessed ? (
            <>
              <p role="status" data-testid="guess-verdict">
                {rank === 1
                  ? `Right: “${guessed.label}” is the model's favourite, at ${formatPercent(guessed.model)}.`
                  : `The model gives “${guessed.label}” ${formatPercent(guessed.model)}, its number ${rank}; its favourite is “${top[0].label}” at ${formatPercent(top[0].model)}.`}
              </p>
              <Bars
                title="The model's next-token probabilities"
                source={{ kind: 'live' }}
                items={top.map((t) => ({ id: t.id, label: t.label, value: t.model }))}
                listLabel="Likeliest next tokens"
                valueLabel="probability"
                markedId={guessed.id}
                markText="your guess"
                caption={`These ten hold ${formatPercent(top.reduce((sum, t) => sum + t.model, 0))} of the probability; the other ${result.distribution.summary.vocabSize - top.length} tokens share the rest.`}
              />
              <p>
                Always taking the likeliest token is <em>greedy</em> decoding: the seed's “highest probability”. Real
                chat models usually draw at random in proportion to these bars instead, which is why the same question
                can get different answers. The next step does that, one token at a time.
              </p>
              <button type="button" onClick={() => setGuess(null)}>
                Guess again
              </button>
            </>
          ) : (
            <p className="guess-hint">Pick one to see the model's answer.</p>
          )}
        </div>
      )}
    </>
  );
}
