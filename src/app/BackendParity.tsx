// "Do the backends agree?": runs the Overview's prompt through the active checkpoint on every backend this
// browser has and shows how far each one's next-token logits are from plain JavaScript in float64 (the spec).
import { useEffect, useRef } from 'react';
import { useStore } from '../state/store';
import { useEngineStream } from '../state/useEngineStream';

function formatDiff(d: number): string {
  return d === 0 ? '0' : d.toExponential(1);
}

export function BackendParity() {
  const key = useStore((s) => s.activeKey);
  const prompt = useStore((s) => s.knobs.prompt);
  const comparison = useEngineStream('compareBackends');
  const { result, error, progress, status } = comparison;
  const isRunning = status === 'running';
  // The table appears at the foot of the panel: bring it into view, or the button seems to do nothing.
  const tableRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (!result) return;
    const reducedMotion = useStore.getState().reducedMotion;
    tableRef.current?.scrollIntoView?.({ behavior: reducedMotion ? 'instant' : 'smooth', block: 'nearest' });
  }, [result]);

  return (
    <div className="backend-parity">
      <h3>Do the backends agree?</h3>
      <p className="option-detail">
        Runs your Overview prompt through the active model on each backend and compares the next-token scores
        (logits) with plain JavaScript in double precision, the reference the others are tested against.
      </p>
      <button type="button" onClick={() => void comparison.start({ key, text: prompt })} disabled={isRunning}>
        Compare the backends
      </button>
      <p role="status">{isRunning ? (progress?.message ?? 'Starting…') : ''}</p>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {result && (
        <table aria-label="Backend agreement" ref={tableRef}>
          <caption>Next token after {result.tokens} tokens of your prompt</caption>
          <thead>
            <tr><th scope="col">Backend</th><th scope="col">Largest logit difference</th><th scope="col">Same top token</th><th scope="col">Time</th></tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.name} data-backend={row.name}>
                <th scope="row">{row.description}</th>
                {row.maxAbsDiff === null ? (
                  <td colSpan={3}>did not run: {row.error}</td>
                ) : (
                  <>
                    <td data-diff={row.maxAbsDiff}>{formatDiff(row.maxAbsDiff)}</td>
                    <td>{row.sameTopToken ? 'yes' : 'no'}</td>
                    <td>{row.ms?.toFixed(0)} ms</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
