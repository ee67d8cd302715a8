// Which backend computes, why it was chosen, and a switch to another one. Unavailable backends are listed with
// the reason, so the reader learns what their browser can do.
import { chooseBackend } from '../state/engineActions';
import { BackendParity } from './BackendParity';
import { useStore } from '../state/store';
import type { BackendChoice } from '../workers/protocol';

const names: Record<BackendChoice, string> = {
  auto: 'Automatic (the fastest available)',
  webgpu: 'WebGPU (the graphics card)',
  wasm: 'WebAssembly SIMD',
  js: 'Plain JavaScript',
};

export function EnginePanel({ id }: { id: string }) {
  const backend = useStore((s) => s.backend);
  const choice = useStore((s) => s.backendChoice);
  const activity = useStore((s) => s.engineActivity);
  const error = useStore((s) => s.backendError);
  const health = useStore((s) => s.engineHealth);
  const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;

  return (
    <section id={id} className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Engine</h2>
      {backend ? (
        <p>
          Running on <strong>{backend.description}</strong>: {backend.reason}.
        </p>
      ) : (
        <p>{health.state === 'failed' ? health.notice : 'Starting…'}</p>
      )}
      <fieldset disabled={!backend || !!activity}>
        <legend>Backend</legend>
        {(['auto', 'webgpu', 'wasm', 'js'] as const).map((name) => {
          const option = backend?.options.find((o) => o.name === name);
          const isAvailable = name === 'auto' || option?.isAvailable !== false;
          return (
            <label key={name} className="radio-option">
              <input
                type="radio"
                name={`${id}-backend`}
                value={name}
                checked={choice === name}
                disabled={!isAvailable}
                onChange={() => void chooseBackend(name)}
              />
              <span>
                {names[name]}
                {option && <span className="option-detail"> — {option.detail}</span>}
              </span>
            </label>
          );
        })}
      </fieldset>
      <p className="option-detail">
        Threads: {isolated ? 'available (the page is cross-origin isolated)' : 'unavailable (the page is not cross-origin isolated)'}.
        {health.restarts > 0 && ` The engine has been restarted ${health.restarts} time${health.restarts > 1 ? 's' : ''}.`}
      </p>
      <p role="status">{activity}</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {backend && <BackendParity />}
    </section>
  );
}
