// A long text (a pasted book, up to a few MB) cut five ways in the worker, one tokenizer after another, with
// progress and a cancel between them. The text stays out of the URL and out of React state renders (an uncontrolled
// text area), so a 1 MB paste keeps the page responsive; only the counts and the engine's times are drawn.
import { useId, useRef, useState, type ClipboardEvent } from 'react';
import { engine } from '../../state/engineConnection';
import { useStore } from '../../state/store';
import { FigureFrame } from '../../viz/FigureFrame';
import { setLongText } from './trainedTokenizer';
import { characterCount, views, type ViewId } from './useTokenViews';

interface Count {
  view: ViewId;
  name: string;
  tokens: number;
  ms: number;
  /** Why this tokenizer could not cut the text (a char model missing a character); the others go on. */
  error?: string;
}

const MAX_CHARS = 16 * 2 ** 20; // what the worker's tokenize accepts
/** A paste longer than this is kept aside, not laid out in the box: laying out a megabyte takes the page ~0.5 s. */
const KEEP_ASIDE = 20_000;

export function LongText() {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const aside = useRef<string | null>(null); // a long paste or Tiny Shakespeare, kept out of the box
  const [asideNote, setAsideNote] = useState<string | null>(null);
  const activeKey = useStore((s) => s.activeKey);
  const [length, setLength] = useState(0);
  const [counts, setCounts] = useState<Count[]>([]);
  const [characters, setCharacters] = useState(0);
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  const [isRunning, setRunning] = useState(false);

  const loadShakespeare = async () => {
    setError(null);
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}data/tinyshakespeare.txt`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      keepAside(await response.text(), 'Tiny Shakespeare');
    } catch (e) {
      setError(`Could not load Tiny Shakespeare (${(e as Error).message}); paste a text instead.`);
    }
  };

  const keepAside = (text: string, what: string) => {
    aside.current = text;
    setLongText({ text, what });
    if (area.current) area.current.value = '';
    setLength(text.length);
    setAsideNote(`${what} is held aside, not shown, so the page stays quick.`);
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const text = event.clipboardData.getData('text/plain');
    if (text.length <= KEEP_ASIDE) return; // the box takes it as usual
    event.preventDefault();
    keepAside(text, `Your paste of ${text.length.toLocaleString('en')} UTF-16 units`);
  };

  const onInput = (value: string) => {
    aside.current = null;
    setAsideNote(null);
    setLength(value.length);
  };

  const count = async () => {
    const text = aside.current ?? area.current?.value ?? '';
    if (text.length > 0 && aside.current === null) setLongText({ text, what: 'your long text' });
    setError(null);
    if (text.length === 0) return setError('The box is empty: paste a long text, or load Tiny Shakespeare.');
    if (text.length > MAX_CHARS) return setError(`That is ${text.length.toLocaleString('en')} UTF-16 units; the engine takes up to ${MAX_CHARS.toLocaleString('en')} (about 16 MB).`);
    const controller = new AbortController();
    running.current = controller;
    setRunning(true);
    setCounts([]);
    const done: Count[] = [];
    try {
      for (const [k, view] of views.entries()) {
        setStatus(`Cutting with ${view.name} (${k + 1} of ${views.length})…`);
        const started = performance.now();
        const params = view.id === 'model' ? { text, tokenizer: 'model' as const, key: activeKey } : { text, tokenizer: view.id };
        try {
          const result = await engine().call('tokenize', params, { signal: controller.signal });
          // The character view counts the code points in the worker: no megabyte loop on the page's thread.
          if (view.id === 'char') setCharacters(result.ids.length);
          done.push({ view: view.id, name: view.name, tokens: result.ids.length, ms: performance.now() - started });
        } catch (e) {
          if ((e as Error).name === 'AbortError') throw e;
          if (view.id === 'char') setCharacters(characterCount(text));
          done.push({ view: view.id, name: view.name, tokens: 0, ms: performance.now() - started, error: (e as Error).message });
        }
        setCounts([...done]);
      }
      setStatus(`Done: ${views.length} ways.`);
    } catch (e) {
      if ((e as Error).name === 'AbortError') setStatus(`Cancelled after ${done.length} of ${views.length}; the counts so far stay.`);
      else {
        setError((e as Error).message);
        setStatus('');
      }
    } finally {
      running.current = null;
      setRunning(false);
    }
  };

  return (
    <details className="tok-long">
      <summary>A long text: paste a book (up to 16 MB) and count it five ways</summary>
      <div className="knob">
        <label htmlFor={id}>Long text (kept out of the link)</label>
        <textarea id={id} ref={area} rows={4} onPaste={onPaste} onInput={(e) => onInput(e.currentTarget.value)} />
      </div>
      <p className="tok-view-about">
        {length.toLocaleString('en')} UTF-16 units to count. {asideNote}
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void loadShakespeare()} disabled={isRunning}>Load Tiny Shakespeare (1.1 MB)</button>
        <button type="button" onClick={() => void count()} disabled={isRunning}>Count it five ways</button>
        <button type="button" onClick={() => running.current?.abort()} disabled={!isRunning}>Cancel</button>
      </div>
      <p role="status" data-testid="long-status">
        {isRunning && <progress max={views.length} value={counts.length} aria-label="Tokenizers done" />} {status}
      </p>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {counts.length > 0 && (
        <FigureFrame
          title="Your long text, five ways"
          source={{ kind: 'live' }}
          caption={`${characters.toLocaleString('en')} characters. Time is the engine's, in this browser, including the trip to the worker and back.`}
          table={() => ({ columns: ['view', 'tokens', 'characters per token', 'ms'], rows: counts.map((c) => [c.name, c.error ? '' : c.tokens, Math.round((100 * characters) / Math.max(1, c.tokens)) / 100, Math.round(c.ms)]) })}
        >
          <ul className="tok-long-counts" data-testid="long-counts">
            {counts.map((c) => (
              <li key={c.view} data-view={c.view}>
                {c.name}: {c.error ? c.error : <>{c.tokens.toLocaleString('en')} tokens, {(characters / Math.max(1, c.tokens)).toFixed(2)} characters per token, {Math.round(c.ms).toLocaleString('en')} ms</>}
              </li>
            ))}
          </ul>
        </FigureFrame>
      )}
    </details>
  );
}
