// Saved items the lab could not read (a corrupt record, a checkpoint the engine refuses): skipped at start and
// listed here, each with a way to delete it, so one bad item never holds the rest hostage.
import { deleteProblem } from '../../state/lab/labActions';
import { say } from '../../state/lab/labContext';
import { useStore } from '../../state/store';
import { attempt } from './display';

const what = { checkpoints: 'checkpoint', tokenizers: 'tokenizer', ratings: 'rating', runs: 'run' } as const;

export function LabProblems() {
  const problems = useStore((s) => s.labProblems);
  if (problems.length === 0) return null;
  return (
    <div className="notice notice-error">
      <p>These saved items could not be read and were skipped:</p>
      <ul className="checkpoint-list">
        {problems.map((p) => (
          <li key={`${p.store}/${p.key}`}>
            <span>
              A {what[p.store]} (stored as “{p.key}”): {p.reason}.
            </span>
            <button type="button" aria-label={`Delete the unreadable ${what[p.store]} ${p.key}`} onClick={() => void attempt(() => deleteProblem(p), (t) => say(t, true))}>
              Delete it
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
