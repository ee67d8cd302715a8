// Files in and out of the lab: import a checkpoint (.tbt) or a lab file (.tbtlab), export the whole lab, and
// reset to the shipped model after a confirmation.
import { useState } from 'react';
import { resetToShipped } from '../../state/lab/labActions';
import { say } from '../../state/lab/labContext';
import { exportLab, importCheckpointFile, importGpt2Files, type Gpt2ImportProgress } from '../../state/lab/labTransfer';
import { useStore } from '../../state/store';
import { attempt, download } from './display';

const reportError = (text: string) => say(text, true);

export function LabFiles() {
  const status = useStore((s) => s.labStatus);
  const readerMade = useStore((s) => s.checkpoints.filter((c) => !c.isShipped).length);
  const [isImporting, setImporting] = useState(false);
  const [isConfirmingReset, setConfirmingReset] = useState(false);
  const [gpt2, setGpt2] = useState<Gpt2ImportProgress | null>(null);
  const [isGpt2MemoryOnly, setGpt2MemoryOnly] = useState(false);

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
      <label className="file-input">
        <span>Open a GPT-2 model: its model.safetensors (Hugging Face's layout), with its config.json if you have it</span>
        <input
          type="file"
          multiple
          accept=".safetensors,.json"
          disabled={status !== 'ready' || isImporting || gpt2 !== null}
          onChange={async (e) => {
            const input = e.currentTarget;
            const files = [...(input.files ?? [])];
            if (!files.length) return;
            setGpt2({ stage: 'reading', read: 0, total: 1 });
            await importGpt2Files(files, setGpt2, { isMemoryOnly: isGpt2MemoryOnly });
            setGpt2(null);
            input.value = '';
          }}
        />
      </label>
      <label className="radio-option">
        <input type="checkbox" checked={isGpt2MemoryOnly} disabled={gpt2 !== null} onChange={(e) => setGpt2MemoryOnly(e.currentTarget.checked)} />
        <span>
          Keep the GPT-2 model in memory only
          <span className="option-detail">
            {' '}(not saved in this browser, so it is gone when you close or reload the tab; saves the storage a large model takes)
          </span>
        </span>
      </label>
      {gpt2 && (
        <p className="lab-progress">
          <label>
            {gpt2.stage === 'reading' ? `Reading the weights: ${(gpt2.read / 2 ** 20).toFixed(0)} of ${(gpt2.total / 2 ** 20).toFixed(0)} MB` : (isGpt2MemoryOnly ? 'Loading it into the engine…' : 'Loading it into the engine and saving it in this browser…')}{' '}
            <progress max={gpt2.total} value={gpt2.read} />
          </label>
        </p>
      )}
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
