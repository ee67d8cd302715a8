// Saving what a run made into the lab, with its lineage: the other chapters then use it as the current model.
import { useId, useState } from 'react';

interface SaveModelProps {
  kind: 'pretrained' | 'sft';
  canSave: boolean;
  defaultLabel: string;
  save: (label: string) => Promise<string>;
}

export function SaveModel({ kind, canSave, defaultLabel, save }: SaveModelProps) {
  const id = useId();
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState<{ text: string; isError: boolean } | null>(null);
  const [isSaving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    try {
      await save(label.trim() || defaultLabel);
      setStatus({ text: `Saved to your lab as “${label.trim() || defaultLabel}” (${kind}) and made the current model: the other chapters now use it.`, isError: false });
    } catch (error) {
      setStatus({ text: (error as Error).message, isError: true });
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="train-save">
      <label htmlFor={id}>Name for the model</label>{' '}
      <input id={id} type="text" maxLength={200} value={label} placeholder={defaultLabel} onChange={(e) => setLabel(e.currentTarget.value)} />{' '}
      <button type="button" onClick={() => void submit()} disabled={!canSave || isSaving}>
        Save to the lab as {kind}
      </button>
      {!canSave && <p className="knob-help">Pause or finish a run to save its model.</p>}
      {status && <p className={status.isError ? 'notice notice-error' : 'notice'} role={status.isError ? 'alert' : 'status'}>{status.text}</p>}
    </div>
  );
}
