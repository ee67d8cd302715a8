// What each token costs. The reader guesses how many multiply-adds twenty tokens take, then the engine generates them
// and reports every forward pass's arithmetic: per token with the KV cache (measured) beside recomputing the whole
// context (counted from the same shape), the running total, the parts of one token, tokens per second on this
// backend — then the same arithmetic and its energy for GPT-2, GPT-3 and a GPT-4o-class model.
import { useMemo, useState } from 'react';
import { ModelStatus } from '../../components/ModelStatus';
import { Term } from '../../components/Term';
import { useStore } from '../../state/store';
import { LineChart } from '../../viz/LineChart';
import { CostBreakdown } from './CostBreakdown';
import { answerMacs, formatBig, largeModelMacsPerToken, largeModels, partsOf, withCache, withoutCache } from './costModel';
import { LargeModels } from './LargeModels';
import { tokensPerSecond, useCostRun } from './useCostRun';

export const answerLength = 20;
const guesses = [1e3, 1e5, 1e7, 1e9, 1e11];
/** The charts count in millions, so their axes stay readable on a phone. */
const million = 1e6;

export function CostStep() {
  const active = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey));
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  const { prompt, tokens, isRunning, error, run, stop } = useCostRun(answerLength);
  const [guess, setGuess] = useState<number | null>(null);
  const config = active?.summary.config;

  const measuredTotal = tokens.reduce((sum, t) => sum + t.flops.total / 2, 0);
  const recomputeTotal = config ? tokens.reduce((sum, t) => sum + withoutCache(config, t.position).total, 0) : 0;
  const speed = tokensPerSecond(tokens);
  const isDone = !isRunning && tokens.length > 0;

  const perToken = useMemo(() => {
    if (!config) return null;
    const positions = Array.from({ length: Math.max(config.blockSize, (tokens.at(-1)?.position ?? 0)) }, (_, i) => i + 1);
    return [
      { id: 'recompute', label: 'without a cache: the whole context again', concept: 'loss' as const, points: positions.map((x) => ({ x, y: withoutCache(config, x).total / million })) },
      { id: 'cache', label: 'with the KV cache: one new position', concept: 'attention' as const, dashed: true, points: positions.map((x) => ({ x, y: withCache(config, x).total / million })) },
      { id: 'measured', label: 'what the engine reported, this run', concept: 'probability' as const, points: tokens.map((t) => ({ x: t.position, y: t.flops.total / 2 / million })) },
    ];
  }, [config, tokens]);

  const running = useMemo(() => {
    if (!config) return null;
    let withC = 0, without = 0;
    const cached = [], recomputed = [];
    for (let i = 0; i < tokens.length; i++) {
      withC += tokens[i].flops.total / 2;
      without += withoutCache(config, tokens[i].position).total;
      cached.push({ x: i + 1, y: withC / million });
      recomputed.push({ x: i + 1, y: without / million });
    }
    return [
      { id: 'recompute', label: 'without a cache', concept: 'loss' as const, points: recomputed },
      { id: 'cache', label: 'with the KV cache (measured)', concept: 'attention' as const, points: cached },
    ];
  }, [config, tokens]);

  const last = tokens.at(-1);
  const start = (g: number) => {
    setGuess(g);
    run();
  };

  return (
    <>
      <p>
        Every token is the whole model run once more: each layer multiplies the newest token's vector by its weight
        matrices, compares it with every earlier token (<Term concept="attention">attention</Term>), and the output
        head scores all the vocabulary. Counting the <em>multiply-adds</em> (one multiplication and one addition)
        tells you what a token costs — on a phone, a laptop or a data centre.
      </p>
      <ModelStatus />
      <fieldset className="guess-choices">
        <legend>Guess first: how many multiply-adds does your model need to write {answerLength} tokens after your prompt?</legend>
        <div className="button-row">
          {guesses.map((g) => (
            <button key={g} type="button" aria-pressed={guess === g} disabled={!isLabReady || isRunning} onClick={() => start(g)}>
              about {formatBig(g)}
            </button>
          ))}
        </div>
      </fieldset>
      {isRunning && (
        <div role="status" className="button-row">
          <progress max={answerLength} value={tokens.length} aria-label="Tokens generated" />
          <span>
            {tokens.length} of {answerLength} tokens, {formatBig(measuredTotal)} multiply-adds so far
          </span>
          <button type="button" onClick={stop}>
            Stop
          </button>
        </div>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {isDone && guess !== null && (
        <p role="status" data-testid="cost-verdict">
          The engine counted <strong>{formatBig(measuredTotal)}</strong> multiply-adds for {tokens.length} tokens
          {tokens.length < answerLength ? ' (stopped early)' : ''} — you guessed about {formatBig(guess)},{' '}
          {verdict(guess, measuredTotal)}. Without the KV cache it would have been {formatBig(recomputeTotal)} (
          {(recomputeTotal / Math.max(1, measuredTotal)).toFixed(1)}×).
          {speed !== null && ` Measured here: ${speed.toFixed(1)} tokens per second, ${formatBig(speed * measuredTotal / tokens.length)} multiply-adds per second.`}{' '}
          {scaledUp(tokens[0].position, tokens.length)}
        </p>
      )}
      {tokens.length > 0 && (
        <p className="generated-text">
          <span className="generated-prompt">{prompt}</span>
          <span className="generated">{tokens.map((t) => t.text).join('')}</span>
        </p>
      )}
      {guess !== null && config && perToken && running && (
        <>
          <LineChart
            title="Multiply-adds for each token, by how much text comes before it"
            source={{ kind: 'live' }}
            series={perToken}
            xLabel="tokens before it"
            yLabel="multiply-adds (millions)"
            caption={`With the cache the cost barely grows: only attention reads one more key and value per earlier token. Recomputing grows with every token until the ${config.blockSize}-token window is full. The first token of a run reads the whole prompt either way.`}
          />
          {tokens.length > 0 && (
            <LineChart
              title="Running total for this answer"
              source={{ kind: 'live' }}
              series={running}
              xLabel="tokens generated"
              yLabel="multiply-adds so far (millions)"
            />
          )}
          {last && (
            <CostBreakdown cached={partsOf(last.flops)} recomputed={withoutCache(config, last.position)} position={last.position} layers={config.nLayer} />
          )}
          <h3>The same arithmetic, for models people use</h3>
          <p>
            A token costs roughly one multiply-add per parameter, so the count scales with the model. Energy then
            depends on the hardware and how busy it is kept; every assumption is on the figure.
          </p>
          <LargeModels ours={{ label: active!.label, config, parameters: active!.summary.parameters }} tokensPerSecond={isDone ? speed : null} />
        </>
      )}
    </>
  );
}

/** The same answer on GPT-3 and a GPT-4o-class model (a prompt of the same length in their tokens). */
function scaledUp(promptTokens: number, answer: number): string {
  const [, gpt3, gpt4o] = largeModels;
  const onGpt3 = answerMacs(gpt3.config!, promptTokens, answer);
  const onGpt4o = (promptTokens + answer) * largeModelMacsPerToken(gpt4o, 0);
  return `The same ${answer} tokens on GPT-3: ${formatBig(onGpt3)}; on a GPT-4o-class model (estimate): about ${formatBig(onGpt4o)}.`;
}

/** How far a guess landed from the count, in words ("right order of magnitude", "100× too low"). */
export function verdict(guess: number, actual: number): string {
  const ratio = guess / actual;
  if (ratio >= 0.1 && ratio <= 10) return 'the right order of magnitude';
  return ratio < 1 ? `${formatBig(1 / ratio)} times too low` : `${formatBig(ratio)} times too high`;
}
