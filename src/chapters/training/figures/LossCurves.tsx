// The run's loss curves: each step's batch loss and the validation loss at every evaluation, the random-guess line
// ln V, and optionally a reference curve (PyTorch's, for the nanoGPT recipe), runs kept in the lab, and the
// evaluation where validation was best (for the overfitting recipe: where an early stop would keep the model).
import { LineChart, type LineSeries, type ReferenceLine } from '../../../viz/LineChart';
import type { FigureSource } from '../../../viz/FigureFrame';
import type { EvalPoint, RunCurves } from '../runTypes';

export interface OverlayRun {
  id: string;
  label: string;
  evals: readonly EvalPoint[];
}

interface LossCurvesProps {
  curves: RunCurves;
  plannedSteps: number;
  overlays?: readonly OverlayRun[];
  reference?: { label: string; points: readonly { iter: number; val: number }[] } | null;
  best?: EvalPoint | null;
  source?: FigureSource;
}

export function LossCurves({ curves, plannedSteps, overlays = [], reference = null, best = null, source = { kind: 'live' } }: LossCurvesProps) {
  // Validation first: it is the curve that matters, and the table lists it before the many batch losses.
  const series: LineSeries[] = [
    { id: 'val', label: 'validation loss (held-out text)', concept: 'probability', points: curves.evals.map((e) => ({ x: e.iter, y: e.val })) },
    { id: 'step', label: 'training loss (each batch)', concept: 'loss', points: curves.steps.map((s) => ({ x: s.iter, y: s.loss })) },
  ];
  if (reference) {
    series.push({ id: 'reference', label: reference.label, concept: 'vector', dashed: true, points: reference.points.map((p) => ({ x: p.iter, y: p.val })) });
  }
  for (const run of overlays) {
    series.push({ id: `run-${run.id}`, label: `validation, ${run.label}`, concept: 'token', dashed: true, points: run.evals.map((e) => ({ x: e.iter, y: e.val })) });
  }
  if (best && curves.evals.length > 2) {
    const lows = series.flatMap((s) => s.points.map((p) => p.y));
    series.push({
      id: 'best', label: `best validation: step ${best.iter}`, concept: 'reward', dashed: true,
      points: [{ x: best.iter, y: Math.min(...lows) }, { x: best.iter, y: Math.max(...lows) }],
    });
  }
  const references: ReferenceLine[] = curves.vocabSize
    ? [{ y: Math.log(curves.vocabSize), label: `ln V = ${Math.log(curves.vocabSize).toFixed(2)}: a random guess among ${curves.vocabSize} tokens` }]
    : [];
  const last = curves.evals.at(-1);
  return (
    <LineChart
      title="Loss while training"
      source={source}
      caption={
        <>
          Nats per token: the mean of −ln p(next token). The training loss is each batch’s (noisy); the validation loss is
          measured on text the model never trains on.
          {last && curves.charsPerToken ? ` At step ${last.iter}: ${(last.val / curves.charsPerToken).toFixed(2)} nats per character (${curves.charsPerToken.toFixed(2)} characters per token).` : ''}
        </>
      }
      series={series}
      xLabel="step"
      yLabel="loss (nats/token)"
      references={references}
      minXDomain={[0, plannedSteps]}
    />
  );
}
