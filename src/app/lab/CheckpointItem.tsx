// One checkpoint in the lab: choose it as the active model, see what it is (kind, size, loss, where it came
// from), rename it in place, export its file, delete it after a confirmation. Every field is shown as text, so
// an odd value from a file can only look odd, never break the panel.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatBytes, formatCount } from '../../components/ModelStatus';
import { deleteCheckpoint, renameCheckpoint, setActiveCheckpoint } from '../../state/lab/labActions';
import { say } from '../../state/lab/labContext';
import { exportCheckpoint } from '../../state/lab/labTransfer';
import type { LabCheckpoint } from '../../state/slices/lab';
import { asDate, asText, attempt, download } from './display';

const reportError = (text: string) => say(text, true);

interface Props {
  checkpoint: LabCheckpoint;
  isActive: boolean;
  /** The parent's label, undefined when there is none, null when it was deleted. */
  parentLabel: string | null | undefined;
  radioName: string;
  children?: ReactNode;
}

export function CheckpointItem({ checkpoint: c, isActive, parentLabel, radioName, children }: Props) {
  const label = asText(c.label);
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState(label);
  const renameButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<'rename' | 'delete' | null>(null);

  useEffect(() => {
    if (mode === 'rename') {
      field.current?.focus();
      field.current?.select();
    } else if (mode === 'confirm-delete') confirmButton.current?.focus();
    else if (focusAfter.current) (focusAfter.current === 'rename' ? renameButton : deleteButton).current?.focus();
  }, [mode]);

  // Back to the button that opened the form: it is rendered again only in view mode, hence a name, not a node.
  const close = (focus: 'rename' | 'delete') => {
    focusAfter.current = focus;
    setMode('view');
  };
  const meta = c.summary.meta;
  const valLoss = typeof meta.valLoss === 'number' && Number.isFinite(meta.valLoss) ? `, validation loss ${meta.valLoss.toFixed(2)}` : '';
  const lastLoss = c.lossHistory.at(-1);

  return (
    <li className="lab-checkpoint">
      <div className="lab-checkpoint-row">
        <label className="radio-option">
          <input type="radio" name={radioName} checked={isActive} onChange={() => void setActiveCheckpoint(c.key)} />
          <span>
            <strong className="lab-label">{label}</strong> <span className={`lab-badge lab-badge-${asText(c.kind, 'unknown')}`}>{c.isShipped ? 'shipped base' : asText(c.kind, 'unknown')}</span>
            <span className="option-detail lab-detail">
              {formatCount(c.summary.parameters)} parameters, {formatBytes(c.summary.bytes)}
              {c.isMemoryOnly && ', in memory only (not saved: gone when you close or reload the tab)'}
              {valLoss}
              {lastLoss && `, training loss ${lastLoss.loss.toFixed(2)} after ${lastLoss.iter} steps`}
              {c.isShipped ? '' : `, made ${asDate(c.createdAt)}`}
              {parentLabel !== undefined && (parentLabel === null ? ', from a checkpoint since deleted' : `, from “${parentLabel}”`)}
            </span>
          </span>
        </label>
        {mode === 'view' && (
          <span className="button-row">
            {!c.isShipped && (
              <button type="button" ref={renameButton} onClick={() => (setDraft(label), setMode('rename'))} aria-label={`Rename ${label}`}>
                Rename
              </button>
            )}
            <button type="button" onClick={() => void attempt(async () => download(await exportCheckpoint(c.key)), reportError)} aria-label={`Export ${label}`}>
              Export
            </button>
            {!c.isShipped && (
              <button type="button" ref={deleteButton} onClick={() => setMode('confirm-delete')} aria-label={`Delete ${label}`}>
                Delete
              </button>
            )}
          </span>
        )}
      </div>
      {mode === 'rename' && (
        <form
          className="button-row lab-inline"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(() => renameCheckpoint(c.key, draft), reportError).then(() => close('rename'));
          }}
          onKeyDown={(e) => e.key === 'Escape' && close('rename')}
        >
          <label>
            <span className="visually-hidden">New name for {label}</span>
            <input ref={field} type="text" value={draft} maxLength={200} required onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit">Save name</button>
          <button type="button" onClick={() => close('rename')}>
            Cancel
          </button>
        </form>
      )}
      {mode === 'confirm-delete' && (
        <p className="button-row lab-inline" role="group" aria-label={`Confirm deleting ${label}`}>
          <span>Delete “{label}”? Export it first if you may want it back.</span>
          <button type="button" ref={confirmButton} onClick={() => void attempt(() => deleteCheckpoint(c.key), reportError)}>
            Yes, delete
          </button>
          <button type="button" onClick={() => close('delete')}>
            Keep it
          </button>
        </p>
      )}
      {children}
    </li>
  );
}
