// One line saying which model computes the figures and where, or how far its download has come; every chapter
// with live figures shows it, so the reader always knows what is real.
import { useStore } from '../state/store';

export function formatBytes(n: number): string {
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} million` : n >= 1e3 ? `${Math.round(n / 1e3)} thousand` : String(n);
}

export function ModelStatus() {
  const status = useStore((s) => s.labStatus);
  // The active model is known once it is in the engine, before the rest of the lab has loaded.
  const isModelReady = useStore((s) => s.labModelReady);
  const progress = useStore((s) => s.labProgress);
  const message = useStore((s) => s.labMessage);
  const active = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey));
  const backend = useStore((s) => s.backend);
  const activity = useStore((s) => s.engineActivity);

  if (status === 'error') {
    return (
      <p className="model-status notice notice-error" role="alert">
        {message?.text ?? 'The model could not be loaded.'}
      </p>
    );
  }
  if (!isModelReady || !active) {
    const loaded = progress?.loaded ?? 0;
    const total = progress?.total ?? 0;
    return (
      <div className="model-status" role="status">
        <span>
          {activity ?? 'Loading the model'}
          {loaded > 0 && `: ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}`}…
        </span>
        <progress max={total || undefined} value={total ? loaded : undefined} aria-label="Model download" />
      </div>
    );
  }
  return (
    <p className="model-status">
      Computed now in your browser by <strong>{active.label}</strong> ({formatCount(active.summary.parameters)}{' '}
      parameters, {active.summary.config.nLayer} layers, {active.summary.tokenizer.vocabSize} tokens)
      {backend && (
        <>
          {' '}
          on <strong>{backend.description}</strong>
        </>
      )}
      .
    </p>
  );
}
