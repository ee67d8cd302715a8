// Step 1: the reader's text cut five ways at once. Picking a token in any view marks the same characters in all
// five, so the reader sees where the tokenizers agree, where a word is split, and where a character is cut in bytes.
import { useCallback, useMemo, useState } from 'react';
import { Knob } from '../../components/Knob';
import { Term } from '../../components/Term';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { FigureFrame } from '../../viz/FigureFrame';
import { LongText } from './LongText';
import { samples } from './samples';
import { TokenView, type Picked } from './TokenView';
import { characterCount, PARTIAL, useTokenViews, views, type ViewId, type ViewState } from './useTokenViews';

export function ViewsStep() {
  const text = useStore((s) => s.knobs.tokText);
  const isLocked = useStore((s) => s.locked.includes('tokText'));
  const allowSpecial = useStore((s) => s.knobs.tokSpecial);
  const viewList = useStore((s) => s.knobs.tokViews);
  const shown = useMemo(() => shownViewIds(viewList), [viewList]);
  const viewStates = useTokenViews(text, allowSpecial, shown);
  const visible = viewStates.filter((v) => shown.has(v.meta.id));
  const [picked, setPicked] = useState<Picked | null>(null);
  // Hovering previews: while nothing is picked, the hovered token's characters are marked; a pick wins over it.
  const [hovered, setHovered] = useState<Picked | null>(null);
  const characters = characterCount(text);
  // A pick belongs to one text: typing clears it, so it never marks characters that have moved.
  const [pickedFor, setPickedFor] = useState(text);
  if (pickedFor !== text) {
    setPickedFor(text);
    setPicked(null);
    setHovered(null);
  }
  const range = useMemo(() => pickedRange(viewStates, picked ?? hovered), [viewStates, hovered, picked]);
  // A click commits: the preview ends, so unpicking a token clears the marks under the pointer too.
  const pick = useCallback((p: Picked | null) => {
    setHovered(null);
    setPicked(p);
  }, []);
  const partialCount = viewStates.find((v) => v.meta.id === 'gpt2')?.result?.flags.reduce((n, f) => n + (f & PARTIAL ? 1 : 0), 0) ?? 0;

  return (
    <>
      <p>
        A network computes on numbers, not letters, so text is first cut into <Term concept="token">tokens</Term>, pieces
        that each have an id in a fixed list, the vocabulary. There is no one right way to cut. Below, your text is cut
        five ways, by the same engine that runs the model: into characters, into words, by this book's model, and by
        the tokenizers of GPT-2 and GPT-4o.
      </p>
      <Knob id="tokText" />
      <div className="button-row tok-samples" role="group" aria-label="Sample texts">
        {samples.map((s) => (
          <button key={s.id} type="button" disabled={isLocked} aria-pressed={text === s.text} onClick={() => setKnob('tokText', s.text)}>
            {s.label}
          </button>
        ))}
      </div>
      <Knob id="tokSpecial" />
      <ViewChooser />
      {text.length === 0 ? (
        <p className="notice" role="status">
          Your text is empty, so there is nothing to cut. Type something above or pick a sample.
        </p>
      ) : (
        <FigureFrame
          title="Your text, five ways"
          source={{ kind: 'live' }}
          caption={`${characters} characters. Pick a token in any view to mark the same characters in all five: each token is shaded by the share of its characters that are marked. A visible ␣ is a space, ↵ a new line.`}
          table={() => ({
            columns: ['view', 'tokens', 'characters per token', 'vocabulary size'],
            rows: visible.map((v) => [v.meta.name, v.result?.ids.length ?? '', v.result ? round(characters / Math.max(1, v.result.ids.length)) : '', v.result?.vocabSize ?? '']),
          })}
        >
          <p className="visually-hidden" aria-live="polite">
            {range ? `Marked characters ${range.start + 1} to ${range.end} in every view.` : ''}
          </p>
          <div className="tok-views">
            {visible.map((v) => (
              <TokenView key={v.meta.id} view={v} characters={characters} range={range} picked={picked} onPick={pick} onHover={setHovered} />
            ))}
          </div>
        </FigureFrame>
      )}
      <LongText />
      {partialCount > 0 && (
        <p data-testid="bytes-note">
          GPT-2 has {partialCount === 1 ? 'one token' : `${partialCount} tokens`} here that hold only part of a character,
          shown as a byte code such as <q className="token-quote">\xD0</q>. Byte-pair tokenizers work on the bytes of
          UTF-8, where an English letter is one byte, a Cyrillic or Arabic letter two, most Chinese characters three and
          an emoji four. Their merges are learned from text, mostly English for GPT-2, so a common English word is one
          token while <q>Привет</q> stays in pieces: the same sentence costs more tokens in Russian than in English.
          GPT-4o learned from far more languages, and cuts them into fewer pieces.
        </p>
      )}
    </>
  );
}

function pickedRange(viewStates: readonly ViewState[], picked: Picked | null): { start: number; end: number } | null {
  const result = picked ? viewStates.find((v) => v.meta.id === picked.view)?.result : null;
  if (!picked || !result || picked.index >= result.ids.length) return null;
  return { start: result.charStarts[picked.index], end: result.charEnds[picked.index] };
}

/** The views the `tokViews` knob names (a comma list of ids); all five if it names none of them. */
export function shownViewIds(list: string): ReadonlySet<ViewId> {
  const wanted = new Set(list.split(',').map((id) => id.trim().toLowerCase()));
  const chosen = views.filter((v) => wanted.has(v.id)).map((v) => v.id);
  return new Set(chosen.length > 0 ? chosen : views.map((v) => v.id));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Check boxes for the five views, written to the `tokViews` knob so a shared link shows the same ones. */
function ViewChooser() {
  const list = useStore((s) => s.knobs.tokViews);
  const isLocked = useStore((s) => s.locked.includes('tokViews'));
  const shown = shownViewIds(list);
  const isShown = (id: ViewId) => shown.has(id);
  const toggle = (id: ViewId) => {
    const next = views.filter((v) => (v.id === id ? !isShown(id) : isShown(v.id))).map((v) => v.id);
    if (next.length > 0) setKnob('tokViews', next.join(','));
  };
  return (
    <fieldset className="tok-view-chooser" disabled={isLocked}>
      <legend>Views shown</legend>
      {views.map((v) => (
        <label key={v.id}>
          <input type="checkbox" checked={isShown(v.id)} onChange={() => toggle(v.id)} /> {v.name}
        </label>
      ))}
    </fieldset>
  );
}
