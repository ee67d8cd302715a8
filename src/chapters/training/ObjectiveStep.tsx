// Step 1: the objective on a real batch. The reader's text is cut into tokens; the inputs are the tokens and the
// targets the same tokens shifted by one. The current model gives each target a probability p; the loss at each
// position is −ln p, shown as a heat map (one row per window of the batch), and their mean is the loss training
// minimises. Beside it: an untrained model of the same shape, which scores about ln V, the random-guess line.
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Knob } from '../../components/Knob';
import { Term } from '../../components/Term';
import { engine } from '../../state/engineConnection';
import { selectCurrentModel } from '../../state/lab/labQueries';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { Heatmap } from '../../viz/Heatmap';
import type { EvaluateResult } from '../../workers/handlers/evaluate';

/** Positions per row of the heat map: the batch's windows. */
export const WINDOW = 16;
const UNTRAINED_KEY = 'training:untrained';

/** The evaluation laid out as a batch: rows of WINDOW positions, −ln p per cell, padding masked. */
export function batchLayout(r: Pick<EvaluateResult, 'tokens' | 'losses' | 'probabilities'>) {
  const n = r.losses.length;
  const rows = Math.max(1, Math.ceil(n / WINDOW));
  const values = new Float32Array(rows * WINDOW);
  const mask = new Uint8Array(rows * WINDOW);
  for (let i = 0; i < rows * WINDOW; i++) {
    if (i < n) values[i] = r.losses[i];
    else mask[i] = 1;
  }
  const rowLabels = Array.from({ length: rows }, (_, row) => `window ${row + 1}`);
  const columnLabels = Array.from({ length: WINDOW }, (_, c) => String(c + 1));
  return { values, mask, rows, columns: WINDOW, rowLabels, columnLabels };
}

export function ObjectiveStep() {
  const text = useStore((s) => s.knobs.trainText);
  const current = useStore(selectCurrentModel);
  const key = current?.key ?? null;
  const [untrainedFor, setUntrainedFor] = useState<string | null>(null);
  const [guess, setGuess] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const trimmed = text.length > 0 ? text : null;
  const trained = useEngineQuery('evaluate', key && trimmed ? { key, text: trimmed } : null);
  const untrained = useEngineQuery('evaluate', untrainedFor && untrainedFor === key && trimmed ? { key: UNTRAINED_KEY, text: trimmed } : null);

  // An untrained twin of the current model: same shape and tokenizer, random weights.
  useEffect(() => {
    if (!current) return;
    let isCurrent = true;
    const { vocabSize: _v, ...shape } = current.summary.config;
    void engine().call('createModel', { config: shape, tokenizerOf: current.key, seed: 1, label: 'Untrained twin' })
      .then((made) => engine().call('loadCheckpoint', { key: UNTRAINED_KEY, bytes: made.bytes }))
      .then(() => isCurrent && setUntrainedFor(current.key))
      .catch(() => {});
    return () => {
      isCurrent = false;
    };
  }, [current]);

  // The figure (48 position buttons, the heat map) is built in a background render that yields to the browser every
  // few milliseconds: its answer often lands while a run trains, and built at once it was the page's longest task.
  const result = useDeferredValue(trained.result);
  const layout = useMemo(() => (result ? batchLayout(result) : null), [result]);
  const vocabSize = current?.summary.config.vocabSize ?? 0;
  const lnV = Math.log(vocabSize || 1);
  const shown = result ? Math.min(selected, result.losses.length - 1) : 0;

  return (
    <>
      <p>
        A language model is trained on one question, asked at every position of a text: <em>what comes next?</em> Take
        your text, cut it into tokens, and use them twice: as <strong>inputs</strong>, and shifted by one place as{' '}
        <strong>targets</strong>. At each position the model gives a probability p to the true next token; the{' '}
        <Term concept="loss">loss</Term> there is −ln p (0 when p = 1, large when the model was surprised). Training
        moves the weights to make the mean of these numbers, over a batch of windows, smaller.
      </p>
      <Knob id="trainText" />
      {!trimmed && <p className="notice" role="status">The text is empty: type something to see the model graded on it.</p>}
      {trained.error && <p className="notice notice-error" role="alert">{trained.error}</p>}
      {result && result.losses.length === 0 && <p className="notice" role="status">The text is a single token: there is nothing to predict. Type a little more.</p>}
      {result && layout && result.losses.length > 0 && (
        <>
          <div className="train-shift" role="group" aria-label="Inputs and targets, shifted by one">
            <p className="knob-help">Pick a position to see its input, target and probability.</p>
            <ol className="train-shift-row" aria-label="Positions">
              {Array.from(result.losses.slice(0, 48), (loss, i) => (
                <li key={i}>
                  <button type="button" aria-pressed={i === shown} onClick={() => setSelected(i)} aria-label={`Position ${i + 1}: input ${result.tokens[i].label}, target ${result.tokens[i + 1].label}, loss ${loss.toFixed(2)}`}>
                    <span className="train-shift-in">{result.tokens[i].label}</span>
                    <span className="train-shift-arrow" aria-hidden="true">↓</span>
                    <span className="train-shift-out">{result.tokens[i + 1].label}</span>
                  </button>
                </li>
              ))}
            </ol>
            <p data-testid="position-readout">
              Position {shown + 1}: after reading up to <q className="token-quote">{result.tokens[shown].label}</q>, the model gives the target{' '}
              <q className="token-quote">{result.tokens[shown + 1].label}</q> p = {formatP(result.probabilities[shown])}, so the loss there is −ln p ={' '}
              {result.losses[shown].toFixed(2)} nats.
            </p>
          </div>
          <Heatmap
            title="Loss at every position of the batch"
            source={{ kind: 'live' }}
            caption={`Your text as ${layout.rows} window${layout.rows > 1 ? 's' : ''} of ${WINDOW} positions, scored by “${current?.label}”. Darker: the model was more surprised. The mean of all cells is the loss.`}
            kind="sequential"
            concept="loss"
            valueLabel="−ln p (nats)"
            description="Cross-entropy of each target token, by window and position"
            rowTitle="window"
            columnTitle="position"
            domain={[0, Math.max(lnV, ...Array.from(result.losses))]}
            {...layout}
          />
          <div className="train-predict">
            <p>
              Predict first: a model with random weights has learned nothing. What loss will it get on your text?
            </p>
            <div className="button-row" role="group" aria-label="Your guess for an untrained model's loss">
              {[
                { id: 'zero', label: 'About 0' },
                { id: 'lnv', label: `About ln V = ${lnV.toFixed(2)}` },
                { id: 'infinite', label: 'Much more than ln V' },
              ].map((g) => (
                <button key={g.id} type="button" aria-pressed={guess === g.id} onClick={() => setGuess(g.id)}>{g.label}</button>
              ))}
            </div>
            {guess && (
              <dl className="train-stats" data-testid="objective-reveal">
                <div><dt>Loss of “{current?.label}”</dt><dd>{result.meanLoss.toFixed(3)} nats per token</dd></div>
                <div><dt>Loss of an untrained twin</dt><dd>{untrained.result ? `${untrained.result.meanLoss.toFixed(3)} nats per token` : 'computing…'}</dd></div>
                <div><dt>Random guess, ln V</dt><dd>{lnV.toFixed(3)} nats ({vocabSize} tokens, each p = 1/{vocabSize})</dd></div>
              </dl>
            )}
            {guess && (
              <p>
                {guess === 'lnv' ? 'Right: ' : 'In fact, '}a model that knows nothing spreads its probability evenly, p ≈ 1/V for every
                token, so its loss is −ln(1/V) = ln V. Training starts on that line; everything below it is something learned.
                The trained model is {Math.exp(lnV - result.meanLoss).toFixed(0)}× better than a blind guess per token on your text.
              </p>
            )}
          </div>
        </>
      )}
    </>
  );
}

function formatP(p: number): string {
  return p >= 0.01 ? `${(p * 100).toFixed(1)}%` : p.toExponential(1);
}
