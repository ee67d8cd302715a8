// Samples for the same prompts and seeds before and after training, side by side, with the tokens that changed
// marked (underlined and bold, not by colour alone) — the difference is the model's, not the dice's.
import { FigureFrame, type FigureSource } from '../../../viz/FigureFrame';
import type { FixedSample } from '../../../workers/rlhfStages';
import { tokenDiff } from '../tokenDiff';

interface SampleDiffProps {
  title: string;
  before: readonly FixedSample[];
  after: readonly FixedSample[];
  source?: FigureSource;
}

export function SampleDiff({ title, before, after, source = { kind: 'live' } }: SampleDiffProps) {
  const rows = before.map((b, i) => ({ prompt: b.prompt, ...tokenDiff(b.tokens, after[i]?.tokens ?? []) }));
  const changed = rows.reduce((n, r) => n + r.after.filter((t) => t.changed).length, 0);
  const total = rows.reduce((n, r) => n + r.after.length, 0);
  return (
    <FigureFrame
      title={title}
      source={source}
      table={() => ({
        columns: ['prompt', 'before', 'after', 'tokens changed'],
        rows: before.map((b, i) => [b.prompt, b.text, after[i]?.text ?? '', rows[i].after.filter((t) => t.changed).length]),
      })}
      caption={`${changed} of ${total} tokens changed (marked). Same prompts, same seeds: only the model differs.`}
    >
      <div className="rl-diff">
        {rows.map((r, i) => (
          <div key={i} className="rl-diff-row">
            {(['before', 'after'] as const).map((side) => (
              <figure key={side} className="rl-answer">
                <figcaption>{side === 'before' ? 'Before' : 'After'}</figcaption>
                <p className="rl-text">
                  <span className="rl-prompt">{r.prompt}</span>
                  {r[side].map((t, j) => (t.changed ? <mark key={j} className="rl-changed">{visibleBreaks(t.text)}</mark> : <span key={j}>{t.text}</span>))}
                </p>
              </figure>
            ))}
          </div>
        ))}
      </div>
    </FigureFrame>
  );
}

/** A changed line break would be an invisible mark: show it as ⏎ before the break itself. */
function visibleBreaks(text: string): string {
  return text.replace(/\n/g, '⏎\n');
}
