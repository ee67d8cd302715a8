// Files in and out of the lab: import a checkpoint (.tbt) or a lab file (.tbtlab), export the whole lab, and
// reset to the shipped model after a confirmation.
import { useState } from 'react';
import { resetToShipped } from '../../state/lab/labActions';
import { say } from '../../state/lab/labContext';
import { exportLab, importCheckpointFile } from '../../state/lab/labTransfer';
import { useStore } from '../../state/store';
import { attempt, download } from './display';

const reportError = (text: string) => say(text, true);

export function LabFiles() {
  const status = useStore((s) => s.labStatus);
  const readerMade = useStore((s) => s.checkpoints.filter((c) => !c.isShipped).length);
  const [isImporting, setImporting] = useState(false);
  const [isConfirmingReset, setConfirmingReset] = useState(false);

  return (
    <div className="lab-files">
      <label className="file-input">
        <span>Import a checkpoint file (.tbt) or a lab file (.tbtlab)</span>
        <input
          type="file"
          accept=".tbt,.tbtlab,application/octet-stream"
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
      <p className="button-row">
        <button type="button" disabled={status !== 'ready'} onClick={() => void attempt(async () => download(await exportLab()), reportError)}>
          Export the whole lab
        </button>
        {readerMade > 0 && !isConfirmingReset && (
          <button type="button" onClick={() => setConfirmingReset(true)}>
            Reset to the shipped model…
          </button>
        )}
      </p>
      {isConfirmingReset && (
        <p className="button-row lab-inline" role="group" aria-label="Confirm the reset">
          <span>
            Delete your {readerMade} checkpoint{readerMade === 1 ? '' : 's'} and use the shipped model? Tokenizers, ratings and runs stay.
          </span>
          <button type="button" autoFocus onClick={() => void attempt(resetToShipped, reportError).then(() => setConfirmingReset(false))}>
            Yes, reset
          </button>
          <button type="button" onClick={() => setConfirmingReset(false)}>
            Keep them
          </button>
        </p>
      )}
    </div>
  );
}
