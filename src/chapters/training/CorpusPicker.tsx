// Which text a run reads: Tiny Shakespeare, or the reader's own (pasted, or uploaded as a UTF-8 file). Problems
// with the text are shown here, before anything starts.
import { useId, useState } from 'react';
import { MAX_CORPUS_CHARACTERS, readTextFile } from './corpus';

export interface CorpusChoice {
  kind: 'shakespeare' | 'own';
  ownText: string;
}

export function CorpusPicker({ value, onChange, isDisabled }: { value: CorpusChoice; onChange: (c: CorpusChoice) => void; isDisabled: boolean }) {
  const id = useId();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const read = await readTextFile(file);
    if ('problem' in read) {
      setFileProblem(read.problem);
      return;
    }
    setFileProblem(null);
    onChange({ kind: 'own', ownText: read.text });
  };
  return (
    <fieldset className="train-corpus" disabled={isDisabled}>
      <legend>Text to train on</legend>
      <label>
        <input type="radio" name={`${id}-corpus`} checked={value.kind === 'shakespeare'} onChange={() => onChange({ ...value, kind: 'shakespeare' })} />{' '}
        Tiny Shakespeare (1.1 million characters of plays)
      </label>
      <label>
        <input type="radio" name={`${id}-corpus`} checked={value.kind === 'own'} onChange={() => onChange({ ...value, kind: 'own' })} />{' '}
        Your own text
      </label>
      {value.kind === 'own' && (
        <div className="train-own-text">
          <label htmlFor={`${id}-text`}>Paste a text (up to {MAX_CORPUS_CHARACTERS.toLocaleString('en')} characters)</label>
          <textarea
            id={`${id}-text`}
            rows={5}
            value={value.ownText.length > 20_000 ? `${value.ownText.slice(0, 20_000)}\n…` : value.ownText}
            readOnly={value.ownText.length > 20_000}
            onChange={(e) => onChange({ kind: 'own', ownText: e.currentTarget.value })}
          />
          <label htmlFor={`${id}-file`}>…or upload a plain-text file (UTF-8)</label>
          <input id={`${id}-file`} type="file" accept=".txt,text/plain" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          <p className="knob-help">{value.ownText.length.toLocaleString('en')} characters{value.ownText.length > 20_000 ? ' (only the start is shown)' : ''}.</p>
          {fileProblem && <p className="notice notice-error" role="alert">{fileProblem}</p>}
        </div>
      )}
    </fieldset>
  );
}
