// The rest of what the reader made: tokenizers, ratings and training runs, each list folded under its count,
// with export and delete per item. Every field shows as text (display.ts), whatever a file put there.
import { useState, type ReactNode } from 'react';
import { clearRatings, deleteRating, deleteRun, deleteTokenizer } from '../../state/lab/labCollections';
import { say } from '../../state/lab/labContext';
import { exportItem } from '../../state/lab/labTransfer';
import type { LabStoreName } from '../../state/lab/records';
import { useStore } from '../../state/store';
import { asDate, asText, attempt, download } from './display';

const reportError = (text: string) => say(text, true);

function ItemButtons({ store, id, name, onDelete }: { store: Exclude<LabStoreName, 'checkpoints'>; id: string; name: string; onDelete: () => Promise<void> }) {
  return (
    <span className="button-row">
      <button type="button" aria-label={`Export ${name}`} onClick={() => void attempt(async () => download(await exportItem(store, id)), reportError)}>
        Export
      </button>
      <button type="button" aria-label={`Delete ${name}`} onClick={() => void attempt(onDelete, reportError)}>
        Delete
      </button>
    </span>
  );
}

function Folded({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <details className="lab-collection">
      <summary>
        {title} ({count})
      </summary>
      {count === 0 ? <p className="option-detail">None yet.</p> : children}
    </details>
  );
}

const describeChoice = (choice: unknown) => (choice === 'tie' ? 'a tie' : choice === 'a' ? 'A preferred' : 'B preferred');

export function LabCollections() {
  const tokenizers = useStore((s) => s.tokenizers);
  const ratings = useStore((s) => s.ratings);
  const runs = useStore((s) => s.runs);
  const [isConfirmingClear, setConfirmingClear] = useState(false);
  return (
    <>
      <Folded title="Tokenizers you trained" count={tokenizers.length}>
        <ul className="checkpoint-list">
          {tokenizers.map((t) => (
            <li key={t.id}>
              <span>
                <strong>{asText(t.name)}</strong> <span className="option-detail">— {asText(t.source, 'no description')}, {asDate(t.createdAt)}</span>
              </span>
              <ItemButtons store="tokenizers" id={t.id} name={`tokenizer ${asText(t.name)}`} onDelete={() => deleteTokenizer(t.id)} />
            </li>
          ))}
        </ul>
      </Folded>
      <Folded title="Ratings" count={ratings.length}>
        <ul className="checkpoint-list">
          {ratings.map((r, i) => (
            <li key={r.id}>
              <span>
                “{asText(r.prompt, '(empty prompt)').slice(0, 60)}”: {describeChoice(r.choice)}{' '}
                <span className="option-detail">by {r.rater === 'person' ? 'you' : `a scripted rater (${asText(r.rater).replace(/^scripted:/, '')})`}</span>
              </span>
              <ItemButtons store="ratings" id={r.id} name={`rating ${i + 1}`} onDelete={() => deleteRating(r.id)} />
            </li>
          ))}
        </ul>
        {isConfirmingClear ? (
          <p className="button-row lab-inline" role="group" aria-label="Confirm clearing the ratings">
            <span>Delete all {ratings.length} ratings?</span>
            <button type="button" autoFocus onClick={() => void attempt(clearRatings, reportError).then(() => setConfirmingClear(false))}>
              Yes, delete them
            </button>
            <button type="button" onClick={() => setConfirmingClear(false)}>
              Keep them
            </button>
          </p>
        ) : (
          <button type="button" onClick={() => setConfirmingClear(true)}>
            Delete all ratings…
          </button>
        )}
      </Folded>
      <Folded title="Training runs" count={runs.length}>
        <ul className="checkpoint-list">
          {runs.map((r, i) => {
            const steps = Math.max(0, ...Object.values(r.history).map((series) => series.length));
            return (
              <li key={r.id}>
                <span>
                  <strong>{asText(r.kind)}</strong> run <span className="option-detail">— {steps} steps recorded, {asDate(r.createdAt)}</span>
                </span>
                <ItemButtons store="runs" id={r.id} name={`run ${i + 1}`} onDelete={() => deleteRun(r.id)} />
              </li>
            );
          })}
        </ul>
      </Folded>
    </>
  );
}
