// The run's vital signs while it trains: step, throughput (tokens/s, FLOPs/s), learning rate, gradient norm,
// elapsed and remaining time, and the backend doing the work.
import { useStore } from '../../state/store';
import { formatFlops, formatSeconds, type RunEstimate } from './estimate';
import type { PretrainRun } from './usePretrainRun';

export function RunStats({ run, estimate }: { run: PretrainRun; estimate: RunEstimate }) {
  const backend = useStore((s) => s.backend);
  const { curves, latest, setup, phase } = run;
  if (!setup) return null;
  const iter = curves.steps.at(-1)?.iter ?? 0;
  const steps = latest?.maxIters ?? setup.train.steps;
  const msPerStep = curves.steps.length ? curves.activeMs / curves.steps.length : null;
  const remaining = msPerStep !== null ? ((steps - iter) * msPerStep) / 1000 : estimate.totalSeconds;
  const lastVal = curves.evals.at(-1);
  return (
    <dl className="train-stats" aria-label="Run status" data-testid="run-stats">
      <div><dt>Status</dt><dd data-testid="run-phase">{phaseText[phase]}</dd></div>
      <div><dt>Step</dt><dd data-testid="run-step">{iter} of {steps}</dd></div>
      <div><dt>Validation loss</dt><dd>{lastVal ? `${lastVal.val.toFixed(3)} nats/token${curves.charsPerToken ? ` · ${(lastVal.val / curves.charsPerToken).toFixed(2)} nats/char` : ''}` : '—'}</dd></div>
      <div><dt>Tokens per second</dt><dd>{latest ? Math.round(latest.tokensPerSecond).toLocaleString('en') : '—'}</dd></div>
      <div><dt>Arithmetic</dt><dd>{latest ? formatFlops(latest.flopsPerSecond, 'FLOP/s') : '—'}</dd></div>
      <div><dt>Learning rate · gradient norm</dt><dd>{latest ? `${latest.lr.toExponential(2)} · ${latest.gradNorm.toFixed(2)}` : '—'}</dd></div>
      <div><dt>Elapsed (training)</dt><dd>{formatSeconds(curves.activeMs / 1000)}</dd></div>
      <div><dt>Remaining</dt><dd>{phase === 'finished' ? '0 s' : `${msPerStep === null ? 'about ' : ''}${formatSeconds(remaining)}`}</dd></div>
      <div><dt>Backend</dt><dd>{backend?.description ?? '—'}</dd></div>
    </dl>
  );
}

const phaseText: Record<PretrainRun['phase'], string> = {
  idle: 'not started',
  preparing: 'making the model and reading the text…',
  training: 'training',
  paused: 'paused',
  finished: 'finished',
  diverged: 'stopped: the loss became NaN or infinite',
  failed: 'stopped by an error',
};
