// Five small models that differ only in how positions are given, trained by a project script (labelled
// precomputed, with its command), and the reader's own live retraining of any one of them beside the stored curves.
import { useMemo, useState } from 'react';
import { useStore } from '../../../state/store';
import { SourceLabel } from '../../../viz/FigureFrame';
import { LineChart, type LineSeries } from '../../../viz/LineChart';
import type { Concept } from '../../../viz/palette';
import { EngineNotice } from '../EngineNotice';
import { positionsFile } from '../positionsData';
import { runId, schemeConcepts, schemeNames, schemeOfFileLabel, type SchemeId } from '../schemes';
import { useSchemeRun } from '../useSchemeRun';

export function SchemesStep() {
  const file = positionsFile;
  const run = useSchemeRun(file);
  const [chosen, setChosen] = useState<SchemeId>('none');
  const stored = file.runs.flatMap((r) => {
    const id = runId(r);
    return id ? [{ id, curve: r.curve }] : [];
  });
  const finals = stored.map((r) => ({ scheme: r.id, val: r.curve.at(-1)!.val }));
  const ranked = [...finals].sort((a, b) => a.val - b.val);
  const finalOf = (scheme: SchemeId) => finals.find((f) => f.scheme === scheme)?.val ?? NaN;
  const sinusoidsBehindNone = finalOf('sinusoidal') > finalOf('none');
  const scaledHelps = finalOf('sinusoidal-scaled') < finalOf('sinusoidal');
  // Earlier live retrains the lab kept (this visit's or a past one's), found by the label written into their files.
  const checkpoints = useStore((st) => st.checkpoints);
  const justKept = run.kept && 'key' in run.kept ? run.kept.key : null;
  const keptRuns = useMemo(() => checkpoints.flatMap((c) => {
    const id = schemeOfFileLabel(c.summary.meta.label);
    const points = c.lossHistory.flatMap((p) => (p.valLoss === undefined ? [] : [{ x: p.iter, y: p.valLoss }]));
    return id && c.key !== justKept && points.length > 0 ? [{ key: c.key, id, label: c.label, points }] : [];
  }), [checkpoints, justKept]);
  const series: LineSeries[] = [
    ...stored.map((r) => ({
      id: r.id, label: `${schemeNames[r.id]} (stored)`, concept: schemeConcepts[r.id], dashed: true,
      points: r.curve.map((p) => ({ x: p.iter, y: p.val })),
    })),
    ...keptRuns.map((k) => ({ id: `kept-${k.key}`, label: `${schemeNames[k.id]} (your earlier run, in the lab as “${k.label}”)`, concept: schemeConcepts[k.id], points: k.points })),
    ...(run.scheme && run.curve.length > 0
      ? [{ id: 'live', label: `${schemeNames[run.scheme]} (your run, live)`, concept: 'loss' as Concept, points: run.curve }]
      : []),
  ];
  const isBusy = run.status === 'preparing' || run.status === 'running';

  return (
    <>
      <p>
        Which way of giving positions works best? We trained {stored.length} small character-level models on the first{' '}
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
            {keptRuns.length > 0 ? 'Solid, in the schemes\' colours: your earlier runs, kept in the model lab. ' : ''}
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
            {' '}Sinusoids added as they are do worse than no positions at all here: our engine adds waves of size ±1 to
            token vectors that start near ±0.02, which drowns the tokens at first.
          </>
        )}
        {Number.isFinite(finalOf('sinusoidal-scaled')) && (
          <>
            {' '}The 2017 paper multiplies token vectors by √C (here √{file.model.nEmbd} = {Math.sqrt(file.model.nEmbd).toFixed(0)}) before
            adding the same waves; with that one change the sinusoids end at {finalOf('sinusoidal-scaled').toFixed(3)}
            {scaledHelps ? ` instead of ${finalOf('sinusoidal').toFixed(3)}` : `, no better than ${finalOf('sinusoidal').toFixed(3)}`}.
            The token table is also the output head (tied weights), and the scaling applies to the input only, as in the paper.
          </>
        )}{' '}
        Small models and short runs: another seed could reorder close results.
      </p>
      <fieldset className="emb-retrain">
        <legend>Retrain one scheme here, live, with the same recipe</legend>
        <div className="button-row">
          {stored.map((r) => (
            <label key={r.id}>
              <input type="radio" name="emb-scheme" value={r.id} checked={chosen === r.id} onChange={() => setChosen(r.id)} disabled={isBusy} />{' '}
              {schemeNames[r.id]}
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
        <p aria-live="polite" data-testid="scheme-run-kept">
          {run.kept && 'label' in run.kept && `Kept in the model lab as “${run.kept.label}”: it stays after a reload, and you can make it the active model there.`}
          {run.kept && 'problem' in run.kept && `The model could not be kept in the lab: ${run.kept.problem}`}
        </p>
        <EngineNotice error={run.status === 'error' ? run.error : null} />
      </fieldset>
    </>
  );
}
