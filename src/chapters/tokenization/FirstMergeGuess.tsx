// Predict, then reveal, for training: before the first merge is shown, the reader types the token they expect
// training to make first (say "th" or "e "); once the player shows merge 1, the page says what it was and where
// their guess came, if it came at all.
import { useId } from 'react';
import type { MergeRow } from './trainedTokenizer';

interface FirstMergeGuessProps {
  guess: string;
  onGuess: (guess: string) => void;
  /** The merges made so far and how many the player shows: the verdict waits for the first to be shown. */
  merges: readonly MergeRow[];
  shown: number;
  isLocked: boolean;
}

/** The guess as the chips write it: a space is ␣, a new line \n. */
export function asLabel(guess: string): string {
  return guess.replace(/ /g, '␣').replace(/\n/g, '\\n');
}

export function FirstMergeGuess({ guess, onGuess, merges, shown, isLocked }: FirstMergeGuessProps) {
  const id = useId();
  const first = shown > 0 ? merges[0] : undefined;
  const wanted = asLabel(guess);
  const match = wanted ? merges.slice(0, shown).find((m) => m.label === wanted) : undefined;
  return (
    <section className="tok-question" aria-labelledby={`${id}-q`}>
      <h3 id={`${id}-q`}>Guess first: which token will training make first?</h3>
      <div className="knob">
        <label htmlFor={id}>Your guess (two or three characters; a space counts)</label>
        <input id={id} type="text" maxLength={12} value={guess} disabled={isLocked} onChange={(e) => onGuess(e.currentTarget.value)} />
      </div>
      <p aria-live="polite" data-testid="first-merge-verdict">
        {first &&
          (guess === ''
            ? `The first merge made “${first.label}” (${first.count.toLocaleString('en')} times). Guess before the next run.`
            : match?.rank === 0
              ? `Right: “${first.label}” was the first merge, the most frequent pair (${first.count.toLocaleString('en')} times).`
              : match
                ? `The first merge made “${first.label}” (${first.count.toLocaleString('en')} times); yours, “${wanted}”, came at merge ${match.rank + 1} (${match.count.toLocaleString('en')} times).`
                : `The first merge made “${first.label}” (${first.count.toLocaleString('en')} times); “${wanted}” is not among the ${shown} merges shown so far.`)}
      </p>
    </section>
  );
}
