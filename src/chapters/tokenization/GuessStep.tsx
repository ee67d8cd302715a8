// Step 2: predict, then reveal. The reader first guesses a count, then the engine tokenizes and says how close the
// guess was; guessing first makes the surprise (numbers and non-English text cost more than one expects) stick.
import { useId, useMemo, useState } from 'react';
import { Term } from '../../components/Term';
import { Bars } from '../../viz/Bars';
import { FigureFrame } from '../../viz/FigureFrame';
import { TokenStrip } from '../../viz/TokenStrip';
import { greetings, questionSentence } from './questions';
import { useEngineQuery } from '../../state/useEngineQuery';
import { characterCount } from './useTokenViews';

export function GuessStep() {
  return (
    <>
      <p>
        Before each count is shown, guess it. A guess that is wrong teaches more than a number read in passing.
      </p>
      <CountQuestion />
      <LanguageQuestion />
    </>
  );
}

function CountQuestion() {
  const inputId = useId();
  const [guess, setGuess] = useState(15);
  const [isRevealed, setRevealed] = useState(false);
  const params = useMemo(() => (isRevealed ? { text: questionSentence, tokenizer: 'gpt4o' as const } : null), [isRevealed]);
  const { result, error } = useEngineQuery('tokenize', params, { needsModel: false, debounceMs: 0 });
  const count = result?.ids.length;

  return (
    <section className="tok-question" aria-labelledby={`${inputId}-q`}>
      <h3 id={`${inputId}-q`}>How many GPT-4o tokens is this sentence?</h3>
      <blockquote className="tok-sentence">{questionSentence}</blockquote>
      <p>It has {characterCount(questionSentence)} characters.</p>
      <div className="knob knob-number">
        <label htmlFor={inputId}>Your guess</label>
        <input id={inputId} type="range" min={1} max={60} step={1} value={guess} disabled={isRevealed} onChange={(e) => setGuess(Number(e.currentTarget.value))} />
        <output htmlFor={inputId}>{guess}</output>
      </div>
      <div className="button-row">
        {isRevealed ? (
          <button type="button" onClick={() => setRevealed(false)}>
            Guess again
          </button>
        ) : (
          <button type="button" onClick={() => setRevealed(true)}>
            Reveal the count
          </button>
        )}
      </div>
      {isRevealed && error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite">
        {isRevealed && result && count !== undefined && (
          <>
            <p data-testid="count-verdict">
              GPT-4o cuts it into <strong>{count} tokens</strong>. You guessed {guess}: {verdict(guess, count)}
            </p>
            <FigureFrame
              title="The sentence in GPT-4o tokens"
              source={{ kind: 'live' }}
              table={() => ({ columns: ['position', 'token', 'id'], rows: Array.from(result.ids, (id, i) => [i + 1, result.labels[id], id]) })}
            >
              <TokenStrip tokens={Array.from(result.ids, (id) => ({ id, label: result.labels[id] }))} label="The sentence in GPT-4o tokens" />
            </FigureFrame>
            <p>
              Common words are one token each, with the space before them. Long or rare words, and numbers, are cut into
              pieces: GPT-4o writes numbers in groups of at most three digits.
            </p>
          </>
        )}
      </div>
    </section>
  );
}

function LanguageQuestion() {
  const groupId = useId();
  const [choice, setChoice] = useState<string | null>(null);
  const [isRevealed, setRevealed] = useState(false);
  const gpt2 = useGreetingCounts('gpt2', isRevealed);
  const gpt4o = useGreetingCounts('gpt4o', isRevealed);
  const isReady = gpt2.every((c) => c !== null) && gpt4o.every((c) => c !== null);
  const costliest = isReady ? greetings[gpt2.indexOf(Math.max(...(gpt2 as number[])))] : null;

  return (
    <section className="tok-question" aria-labelledby={`${groupId}-q`}>
      <h3 id={`${groupId}-q`}>Which language costs GPT-2 the most tokens?</h3>
      <p>The same greeting in five languages. Which one does GPT-2 cut into the most tokens?</p>
      <fieldset className="tok-choices" disabled={isRevealed}>
        <legend className="visually-hidden">Your guess</legend>
        {greetings.map((g) => (
          <label key={g.id} className="tok-choice">
            <input type="radio" name={groupId} value={g.id} checked={choice === g.id} onChange={() => setChoice(g.id)} />
            <span>{g.language}:</span> <span lang={g.lang}>{g.text}</span>
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        {isRevealed ? (
          <button type="button" onClick={() => setRevealed(false)}>
            Guess again
          </button>
        ) : (
          <button type="button" disabled={choice === null} onClick={() => setRevealed(true)}>
            {choice === null ? 'Pick a language to reveal' : 'Reveal the counts'}
          </button>
        )}
      </div>
      <div aria-live="polite">
        {isRevealed && isReady && costliest && (
          <>
            <p data-testid="language-verdict">
              {choice === costliest.id ? 'Right: ' : `Not quite: you picked ${greetings.find((g) => g.id === choice)?.language}, but `}
              {costliest.language} costs GPT-2 the most, {Math.max(...(gpt2 as number[]))} tokens for{' '}
              {characterCount(costliest.text)} characters.
            </p>
            {([['GPT-2', gpt2], ['GPT-4o', gpt4o]] as const).map(([name, counts]) => (
              <Bars
                key={name}
                title={`The greeting in ${name} tokens`}
                source={{ kind: 'live' }}
                items={greetings.map((g, i) => ({ id: g.id, label: g.language, value: counts[i] as number }))}
                listLabel={`${name} tokens per language`}
                valueLabel="tokens"
                markedId={choice ?? undefined}
                markText="your guess"
                concept="token"
                format={String}
              />
            ))}
            <p>
              Each <Term concept="token">token</Term> costs the same compute and the same share of the context, so a
              language that needs more tokens is slower and dearer to use. GPT-2's merges were learned on mostly
              English web pages; GPT-4o's vocabulary is four times larger and learned on many languages, which closes
              much of the gap.
            </p>
          </>
        )}
      </div>
    </section>
  );
}

/** Each greeting's token count by one tokenizer, asked only once the reader reveals (null until it comes). */
function useGreetingCounts(tokenizer: 'gpt2' | 'gpt4o', isAsked: boolean): (number | null)[] {
  // greetings is a fixed list, so these hooks are always called in the same order.
  return greetings.map((g) => {
    const params = useMemo(() => (isAsked ? { text: g.text, tokenizer } : null), [g.text, isAsked]);
    return useEngineQuery('tokenize', params, { needsModel: false, debounceMs: 0 }).result?.ids.length ?? null;
  });
}

function verdict(guess: number, count: number): string {
  const off = Math.abs(guess - count);
  if (off === 0) return 'exactly right.';
  const within = off / count;
  return `off by ${off} (${Math.round(within * 100)}%)${within <= 0.2 ? ', close.' : '.'}`;
}
