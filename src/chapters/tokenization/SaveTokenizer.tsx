// Keeps the trained tokenizer in the lab under a name, and links to the Training chapter with it chosen
// (its `trainTokenizer` knob takes `lab:<id>`), so the reader's next model reads text the reader's way.
import { useId, useState } from 'react';
import { saveTokenizer } from '../../state/lab/labCollections';
import type { TrainedTokenizer } from './trainedTokenizer';

export function SaveTokenizer({ trained }: { trained: TrainedTokenizer }) {
  const inputId = useId();
  const [name, setName] = useState(`My BPE (${trained.merges.length} merges)`);
  const [saved, setSaved] = useState<{ id: string; name: string; for: TrainedTokenizer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isSaved = saved?.for === trained;

  const save = async () => {
    setError(null);
    try {
      const record = await saveTokenizer({ name, json: trained.json, source: trained.source });
      setSaved({ id: record.id, name: record.name, for: trained });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="tok-save" aria-label="Use this tokenizer">
      <h3>Use this tokenizer</h3>
      <div className="knob">
        <label htmlFor={inputId}>Name</label>
        <input id={inputId} type="text" value={name} maxLength={200} onChange={(e) => setName(e.currentTarget.value)} />
      </div>
      <div className="button-row">
        <button type="button" onClick={() => void save()}>
          Save to the lab
        </button>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {isSaved && saved && (
        <p role="status" data-testid="tokenizer-saved">
          Saved as “{saved.name}” ({trained.source}).{' '}
          <a href={`#/training/pretrain?trainTokenizer=lab:${saved.id}`}>Train a model with it</a>
        </p>
      )}
    </section>
  );
}
