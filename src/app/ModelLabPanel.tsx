// The model lab: the shipped model and the reader's checkpoints, one of them active for every chapter; export
// any as a file, import one (checked before anything changes), delete, or reset to the shipped model.
import { useState } from 'react';
import { formatBytes, formatCount } from '../components/ModelStatus';
import { deleteCheckpoint, resetToShipped, setActiveCheckpoint } from '../state/lab/labActions';
import { exportCheckpoint, importCheckpointFile } from '../state/lab/labTransfer';
import { useStore } from '../state/store';

async function download(key: string) {
  const { fileName, blob } = await exportCheckpoint(key);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ModelLabPanel({ id }: { id: string }) {
  const checkpoints = useStore((s) => s.checkpoints);
  const activeKey = useStore((s) => s.activeKey);
  const status = useStore((s) => s.labStatus);
  const message = useStore((s) => s.labMessage);
  const [isConfirmingReset, setConfirmingReset] = useState(false);
  const [isImporting, setImporting] = useState(false);
  const readerMade = checkpoints.filter((c) => !c.isShipped).length;

  return (
    <section id={id} className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Model lab</h2>
      <p>The active model computes every live figure in the book. Checkpoints you make stay in this browser.</p>
      {status !== 'ready' && <p>{status === 'error' ? 'The model lab could not start.' : 'Loading…'}</p>}
      <fieldset>
        <legend>Active model</legend>
        <ul className="checkpoint-list">
          {checkpoints.map((c) => (
            <li key={c.key}>
              <label className="radio-option">
                <input type="radio" name={`${id}-active`} checked={c.key === activeKey} onChange={() => void setActiveCheckpoint(c.key)} />
                <span>
                  <strong>{c.label}</strong>
                  <span className="option-detail">
                    {' '}
                    — {c.isShipped ? 'shipped' : c.kind}, {formatCount(c.summary.parameters)} parameters, {formatBytes(c.summary.bytes)}
                    {c.summary.meta.valLoss !== undefined && `, validation loss ${c.summary.meta.valLoss.toFixed(2)}`}
                  </span>
                </span>
              </label>
              <span className="button-row">
                <button type="button" onClick={() => void download(c.key)} aria-label={`Export ${c.label}`}>
                  Export
                </button>
                {!c.isShipped && (
                  <button type="button" onClick={() => void deleteCheckpoint(c.key)} aria-label={`Delete ${c.label}`}>
                    Delete
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      </fieldset>
      <label className="file-input">
        <span>Import a checkpoint file (.tbt)</span>
        <input
          type="file"
          accept=".tbt,application/octet-stream"
          disabled={status !== 'ready' || isImporting}
          onChange={async (e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (!file) return;
            setImporting(true);
            await importCheckpointFile(file);
            setImporting(false);
            input.value = '';
          }}
        />
      </label>
      {readerMade > 0 &&
        (isConfirmingReset ? (
          <p className="button-row">
            <span>
              Delete your {readerMade} checkpoint{readerMade > 1 ? 's' : ''} and use the shipped model?
            </span>
            <button type="button" onClick={() => void resetToShipped().then(() => setConfirmingReset(false))}>
              Yes, reset
            </button>
            <button type="button" onClick={() => setConfirmingReset(false)}>
              Keep them
            </button>
          </p>
        ) : (
          <button type="button" onClick={() => setConfirmingReset(true)}>
            Reset to the shipped model…
          </button>
        ))}
      <p className={message?.isError ? 'notice notice-error' : 'lab-message'} role={message?.isError ? 'alert' : 'status'}>
        {message?.text}
      </p>
    </section>
  );
}
