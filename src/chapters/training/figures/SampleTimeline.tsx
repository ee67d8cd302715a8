// What the model writes as it learns: the fixed prompt continued every few steps, one row per moment, and a word
// diff of any two moments the reader picks (by default the first and the latest).
import { useId, useMemo, useState } from 'react';
import { FigureFrame } from '../../../viz/FigureFrame';
import { wordDiff } from '../sampleDiff';

interface SampleTimelineProps {
  prompt: string;
  samples: readonly { iter: number; text: string }[];
}

const shown = (text: string) => text.replace(/\n/g, '↵ ');

export function SampleTimeline({ prompt, samples }: SampleTimelineProps) {
  const id = useId();
  const [picked, setPicked] = useState<{ a: number | null; b: number | null }>({ a: null, b: null });
  const a = samples.find((s) => s.iter === picked.a) ?? samples[0];
  const b = samples.find((s) => s.iter === picked.b) ?? samples.at(-1);
  // The chart above redraws many times a second while a run trains; the diff changes only with a new pair of samples.
  const before = a?.text, after = b?.text;
  const diff = useMemo(() => (before !== undefined && after !== undefined ? wordDiff(before, after) : []), [before, after]);
  if (!a || !b) {
    return <p className="notice" role="status">Samples appear here as the model trains: the prompt “{shown(prompt)}” continued every few steps.</p>;
  }
  const choose = (which: 'a' | 'b', label: string, value: number) => (
    <label className="train-inline-field" htmlFor={`${id}-${which}`}>
      {label}{' '}
      <select
        id={`${id}-${which}`}
        value={value}
        onChange={(e) => {
          const iter = Number(e.currentTarget.value); // read now: the event's target is gone when the update runs
          setPicked((p) => ({ ...p, [which]: iter }));
        }}
      >
        {samples.map((s) => <option key={s.iter} value={s.iter}>step {s.iter}</option>)}
      </select>
    </label>
  );
  return (
    <FigureFrame
      title="What the model writes as it learns"
      source={{ kind: 'live' }}
      caption={`The prompt “${shown(prompt)}” continued by 48 tokens (temperature 0.8, the same seed every time), so only the model changes between rows.`}
      table={() => ({ columns: ['step', 'sample'], rows: samples.map((s) => [s.iter, s.text]) })}
    >
      <ol className="train-samples" aria-label="Samples by step">
        {samples.map((s) => (
          <li key={s.iter}>
            <span className="train-sample-step">step {s.iter}</span> <span className="train-sample-text">{shown(s.text)}</span>
          </li>
        ))}
      </ol>
      <div className="train-diff">
        <div className="button-row">
          {choose('a', 'Compare', a.iter)}
          {choose('b', 'with', b.iter)}
        </div>
        <p className="train-diff-text" data-testid="sample-diff">
          {diff.map((part, i) =>
            part.kind === 'same' ? <span key={i}>{shown(part.text)}</span>
              : part.kind === 'added' ? <ins key={i} title={`new at step ${b.iter}`}>{shown(part.text)}</ins>
                : <del key={i} title={`gone after step ${a.iter}`}>{shown(part.text)}</del>,
          )}
        </p>
        <p className="knob-help">Struck through: words of step {a.iter} that are gone; underlined: words new at step {b.iter}.</p>
      </div>
    </FigureFrame>
  );
}
