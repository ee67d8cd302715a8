// Human feedback: two answers from the reader's model to the same prompt, and the reader picks the better one
// (A / B / T for a tie / S to skip, from the keyboard), or writes a better one. A scripted classroom rater, whose
// rule is shown as code, can rate pairs hands-free instead. Every rating goes into the lab with who made it.
import { useEffect, useState, type KeyboardEvent } from 'react';
import { ModelStatus } from '../../../components/ModelStatus';
import { rateByRule } from '../../../engine/rlhf/textRater';
import { addRating, deleteRating } from '../../../state/lab/labCollections';
import type { Choice } from '../../../state/lab/records';
import { useStore } from '../../../state/store';
import { PROMPTS } from '../presets';
import { parseRuleName, RuleEditor } from '../RuleEditor';
import { ratingsToPairs, selectRuleName } from '../session';
import { useSampler } from '../useSampler';

interface ShownPair {
  prompt: string;
  a: string;
  b: string;
}

const CLASSROOM_BATCH = 8;

export function RateStep() {
  const readerPrompt = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const rule = useStore(selectRuleName);
  const ratings = useStore((s) => s.ratings);
  const { key, sample } = useSampler();
  const prompts = [...new Set([readerPrompt, ...PROMPTS])].filter((p) => p.trim());
  const [prompt, setPrompt] = useState(readerPrompt);
  const [pair, setPair] = useState<ShownPair | null>(null);
  const [draws, setDraws] = useState(0);
  const [better, setBetter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  const drawPair = async (forPrompt = prompt, n = draws) => {
    setBusy('Sampling two answers…');
    setMessage(null);
    try {
      const base = seed * 1000 + 2 * n;
      const [a, b] = [await sample(forPrompt, base), await sample(forPrompt, base + 1)];
      setPair({ prompt: forPrompt, a, b });
      setDraws(n + 1);
      setBetter('');
    } catch (error) {
      setMessage({ text: (error as Error).message, isError: true });
    } finally {
      setBusy(null);
    }
  };
  // A first pair as soon as the model is there; a new prompt is a new pair.
  useEffect(() => {
    if (key) void drawPair(prompt);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, prompt]);

  const rate = async (choice: Choice | 'skip') => {
    if (!pair || busy) return;
    if (choice !== 'skip') {
      try {
        await addRating({ prompt: pair.prompt, a: pair.a, b: pair.b, choice, rater: 'person', ...(better.trim() ? { better } : {}) });
        setMessage({ text: `Saved: ${choice === 'tie' ? 'a tie' : `${choice.toUpperCase()} is better`}${better.trim() ? ', with your own continuation' : ''}.`, isError: false });
      } catch (error) {
        setMessage({ text: (error as Error).message, isError: true });
        return;
      }
    }
    await drawPair(pair.prompt, draws);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLTextAreaElement || event.altKey || event.ctrlKey || event.metaKey) return;
    const choice = ({ a: 'a', b: 'b', t: 'tie', s: 'skip' } as const)[event.key.toLowerCase() as 'a' | 'b' | 't' | 's'];
    if (!choice) return;
    event.preventDefault();
    void rate(choice);
  };

  const parsedRule = parseRuleName(rule);

  // The rater goes round the prompts; one this model cannot write (a char model's missing letters) is dropped.
  const runClassroom = async () => {
    const parsed = parsedRule.rule;
    if (!parsed) return;
    const usable = [...prompts];
    const dropped: string[] = [];
    let made = 0, n = draws;
    setMessage(null);
    while (made < CLASSROOM_BATCH && usable.length > 0) {
      const p = usable[made % usable.length];
      setBusy(`The classroom rater is rating pair ${made + 1} of ${CLASSROOM_BATCH}…`);
      try {
        const base = seed * 1000 + 2 * n++;
        const a = await sample(p, base), b = await sample(p, base + 1);
        await addRating({ prompt: p, a, b, choice: rateByRule(parsed, a, b), rater: `scripted:${rule}` });
        made++;
      } catch (error) {
        usable.splice(usable.indexOf(p), 1);
        dropped.push(`“${p.trim()}” (${(error as Error).message})`);
      }
    }
    setDraws(n);
    setBusy(null);
    const skipped = dropped.length ? ` Left out: ${dropped.join('; ')}.` : '';
    setMessage({ text: `The classroom rater added ${made} rating${made === 1 ? '' : 's'}.${skipped}`, isError: made === 0 });
  };

  const byPeople = ratings.filter((r) => r.rater === 'person').length;
  const usable = ratingsToPairs(ratings).length;

  return (
    <>
      <p>
        This is the step every chat model went through: people read two answers to the same prompt and said which
        was better. Here the answers come from <em>your</em> model and you are the rater. Press <kbd>A</kbd> or{' '}
        <kbd>B</kbd> for the better answer, <kbd>T</kbd> for a tie, <kbd>S</kbd> to skip; or write a better
        continuation yourself (it is kept as a supervised example the Training chapter can fine-tune on).
      </p>
      <ModelStatus />
      <label className="rl-field">
        Prompt
        <select value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)}>
          {prompts.map((p) => <option key={p} value={p}>{p === readerPrompt ? `Yours: ${p}` : p.replace(/\n/g, ' ⏎')}</option>)}
        </select>
      </label>
      {pair && (
        <div className="rl-pair" role="group" aria-label="Pair to rate: press A, B, T or S" tabIndex={0} onKeyDown={onKey} aria-busy={busy !== null}>
          {(['a', 'b'] as const).map((side) => (
            <figure key={side} className="rl-answer">
              <figcaption>Answer {side.toUpperCase()}</figcaption>
              <p className="rl-text" data-testid={`answer-${side}`}><span className="rl-prompt">{pair.prompt}</span>{pair[side]}</p>
            </figure>
          ))}
          <div className="button-row">
            <button type="button" aria-keyshortcuts="A" disabled={busy !== null} onClick={() => void rate('a')}>A is better</button>
            <button type="button" aria-keyshortcuts="B" disabled={busy !== null} onClick={() => void rate('b')}>B is better</button>
            <button type="button" aria-keyshortcuts="T" disabled={busy !== null} onClick={() => void rate('tie')}>Tie</button>
            <button type="button" aria-keyshortcuts="S" disabled={busy !== null} onClick={() => void rate('skip')}>Skip</button>
          </div>
          <label className="rl-field">
            <span>Or write a better continuation (saved with your next choice; with <em>Tie</em> it stands alone)</span>
            <textarea rows={2} maxLength={2000} value={better} onChange={(e) => setBetter(e.currentTarget.value)} />
          </label>
        </div>
      )}
      {busy && <p role="status">{busy}</p>}
      {message && <p className={message.isError ? 'notice notice-error' : 'notice'} role={message.isError ? 'alert' : 'status'}>{message.text}</p>}

      <h3>The classroom rater</h3>
      <p>
        A teacher can let a scripted rater do the rating, or mix it with the class's own. It hides nothing: this is
        its whole rule.
      </p>
      <RuleEditor parsed={parsedRule} />
      <button type="button" disabled={busy !== null || !key || parsedRule.error !== null} onClick={() => void runClassroom()}>
        Let the rater rate {CLASSROOM_BATCH} pairs
      </button>

      <h3>Your ratings</h3>
      <p data-testid="rating-count">
        {ratings.length} rating{ratings.length === 1 ? '' : 's'} in the lab ({byPeople} by you, {ratings.length - byPeople} scripted),
        giving {usable} pair{usable === 1 ? '' : 's'} with a winner to learn from. They survive a reload, and the model lab
        exports and imports them with everything else.
      </p>
      {ratings.length > 0 && (
        <ul className="rl-ratings" aria-label="Latest ratings">
          {ratings.slice(-5).reverse().map((r) => (
            <li key={r.id}>
              <span>{r.choice === 'tie' ? 'tie' : `${r.choice.toUpperCase()} better`} · {r.rater === 'person' ? 'you' : r.rater.slice(9)}{r.better ? ' · wrote a better one' : ''}</span>{' '}
              <q>{(r.choice === 'b' ? r.b : r.a).slice(0, 60)}</q>{' '}
              <button type="button" onClick={() => void deleteRating(r.id)} aria-label={`Delete the rating of “${(r.choice === 'b' ? r.b : r.a).slice(0, 30)}”`}>Delete</button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
