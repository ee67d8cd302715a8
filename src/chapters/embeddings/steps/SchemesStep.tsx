// Four small models that differ only in how positions are given, trained by a project script (labelled
// precomputed, with its command), and the reader's own live retraining of any one of them beside the stored curves.
import { useState } from 'react';
import type { PositionalScheme } from '../../../engine/model/gptConfig';
import { SourceLabel } from '../../../viz/FigureFrame';
import { LineChart, type LineSeries } from '../../../viz/LineChart';
import type { Concept } from '../../../viz/palette';
import { EngineNotice } from '../EngineNotice';
import { positionsFile } from '../positionsData';
import { useSchemeRun } from '../useSchemeRun';

const schemeNames: Record<string, string> = {
  none: 'none',
  learned: 'learned table (GPT-2)',
  sinusoidal: 'sinusoids (2017)',
  rope: 'RoPE (rotary)',
};
// Four schemes on the colour-blind-safe palette; dashes tell the stored curves from the reader's live one.
const schemeConcepts: Record<string, Concept> = { none: 'reward', learned: 'position', sinusoidal: 'probability', rope: 'attention' };

export function SchemesStep() {
  const file = positionsFile;
  const run = useSchemeRun(file);
  const [chosen, setChosen] = useState<PositionalScheme>('none');
  const finals = file.runs.map((r) => ({ scheme: r.positional, val: r.curve.at(-1)!.val }));
  const ranked = [...finals].sort((a, b) => a.val - b.val);
  const finalOf = (scheme: string) => finals.find((f) => f.scheme === scheme)?.val ?? NaN;
  const sinusoidsBehindNone = finalOf('sinusoidal') > finalOf('none');
  const series: LineSeries[] = [
    ...file.runs.map((r) => ({
      id: r.positional, label: `${schemeNames[r.positional]} (stored)`, concept: schemeConcepts[r.positional], dashed: true,
      points: r.curve.map((p) => ({ x: p.iter, y: p.val })),
    })),
    ...(run.scheme && run.curve.length > 0
      ? [{ id: 'live', label: `${schemeNames[run.scheme]} (your run, live)`, concept: 'loss' as Concept, points: run.curve }]
      : []),
  ];
  const isBusy = run.status === 'preparing' || run.status === 'running';

  return (
    <>
      <p>
        Which way of giving positions works best? We trained four small character-level models on the first{' '}
        {file.corpus.chars.toLocaleString('en')} characters of Tiny Shakespeare, the same in every way (shape, data, seed,{' '}
        {file.train.maxIters} steps) except for positions. Lower validation loss is better; a model that guessed every
        one of the {file.tokenizer.symbols.length} characters equally would score ln {file.tokenizer.symbols.length} ={' '}
        {file.uniformLoss.toFixed(2)}.
      </p>
      <LineChart
        title="Validation loss by positional scheme"
        source={{ kind: 'precomputed', command: file.command }}
        caption={
          <>
            Dashed: precomputed by <code>{file.command}</code> on {file.backend}. {run.scheme ? 'Solid: your run, computed live in this tab.' : ''}{' '}
            Final validation loss: {finals.map((f) => `${f.scheme} ${f.val.toFixed(3)}`).join(', ')}.
          </>
        }
        series={series}
        xLabel="training step"
        yLabel="validation loss (nats per character)"
        references={[{ y: file.uniformLoss, label: 'uniform guess' }]}
        minXDomain={[0, file.train.maxIters]}
      />
      <p data-testid="scheme-ranking">
        Ranked by final validation loss in the stored run: {ranked.map((f) => `${schemeNames[f.scheme]} ${f.val.toFixed(3)}`).join(' < ')}.
        {sinusoidsBehindNone && (
          <>
            {' '}The sinusoids do worse than no positions at all here. That is our engine's plain recipe, not the idea: it adds
            waves of size ±1 to token vectors that start near ±0.02, which drowns the tokens at first (the 2017 paper scales
            token vectors up by √C to balance them).
          </>
        )}{' '}
        Small models and short runs: another seed could reorder close results.
      </p>
      <fieldset className="emb-retrain">
        <legend>Retrain one scheme here, live, with the same recipe</legend>
        <div className="button-row">
          {file.runs.map((r) => (
            <label key={r.positional}>
              <input type="radio" name="emb-scheme" value={r.positional} checked={chosen === r.positional} onChange={() => setChosen(r.positional as PositionalScheme)} disabled={isBusy} />{' '}
              {schemeNames[r.positional]}
            </label>
          ))}
        </div>
        <div className="button-row">
          <button type="button" onClick={() => run.start(chosen)} disabled={isBusy}>
            Train “{schemeNames[chosen]}” here
          </button>
          <button type="button" onClick={run.stop} disabled={!isBusy}>Stop</button>
        </div>
        {run.scheme && (
          <p className="emb-live-note">
            Your curve (solid) is <SourceLabel source={{ kind: 'live' }} />, in this tab; the dashed ones are the stored run.
          </p>
        )}
        <p aria-live="polite" data-testid="scheme-run-status">
          {run.status === 'preparing' && 'Fetching the text and making a fresh model…'}
          {run.status === 'running' && `Training ${run.scheme}: step ${run.iter} of ${file.train.maxIters}. Each evaluation adds a point.`}
          {run.status === 'done' && `Done: your ${run.scheme} run ended at ${run.curve.at(-1)?.y.toFixed(3)}; the stored one at ${finals.find((f) => f.scheme === run.scheme)?.val.toFixed(3)}.`}
          {run.status === 'cancelled' && `Stopped at step ${run.iter}.`}
        </p>
        <EngineNotice error={run.status === 'error' ? run.error : null} />
      </fieldset>
    </>
  );
}
