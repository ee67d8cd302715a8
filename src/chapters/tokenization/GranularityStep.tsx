// Step 5: words, subwords or characters, with numbers. Vocabularies learned on Tiny Shakespeare (characters, its
// 10,000 commonest words, the reader's BPE when trained there, GPT-2's BPE) cut the reader's own text, which none of
// them saw: how many tokens it takes, how many are <unk> (lost), and what each vocabulary costs a model in
// embedding parameters. The trade-off in one table: few symbols make long sequences; many words still miss words.
import { useMemo } from 'react';
import { Term } from '../../components/Term';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { Bars } from '../../viz/Bars';
import { useTrainedTokenizer } from './trainedTokenizer';
import { characterCount, UNKNOWN } from './useTokenViews';

/** GPT-2 small's width: each token's embedding is a row of this many numbers. */
const MODEL_WIDTH = 768;
/** GPT-2's context window, in tokens. */
const CONTEXT = 1024;

interface Row {
  id: string;
  name: string;
  vocabSize: number;
  tokens: number;
  unknown: number;
}

export function GranularityStep() {
  const text = useStore((s) => s.knobs.tokText);
  const trained = useTrainedTokenizer();
  const hasText = text.trim().length > 0;
  const charParams = useMemo(() => (hasText ? { text, tokenizer: 'char' as const, vocabulary: 'shakespeare' as const } : null), [text, hasText]);
  const wordParams = useMemo(() => (hasText ? { text, tokenizer: 'word' as const, vocabulary: 'shakespeare' as const } : null), [text, hasText]);
  const bpeParams = useMemo(() => (hasText && trained ? { text, tokenizer: 'bpe' as const, json: trained.json } : null), [text, hasText, trained]);
  const gpt2Params = useMemo(() => (hasText ? { text, tokenizer: 'gpt2' as const } : null), [text, hasText]);
  const answers = [
    { id: 'char', name: 'Characters', q: useEngineQuery('tokenize', charParams, { needsModel: false }) },
    { id: 'word', name: 'Words', q: useEngineQuery('tokenize', wordParams, { needsModel: false }) },
    { id: 'bpe', name: 'Your BPE (subwords)', q: useEngineQuery('tokenize', bpeParams, { needsModel: false }) },
    { id: 'gpt2', name: 'GPT-2 (subwords)', q: useEngineQuery('tokenize', gpt2Params, { needsModel: false }) },
  ].filter((a) => a.id !== 'bpe' || trained);
  const rows: Row[] = answers.flatMap(({ id, name, q }) =>
    q.result ? [{ id, name, vocabSize: q.result.vocabSize, tokens: q.result.ids.length, unknown: q.result.flags.reduce((n, f) => n + (f & UNKNOWN ? 1 : 0), 0) }] : [],
  );
  const errors = answers.filter((a) => a.q.error);
  const characters = characterCount(text);

  return (
    <>
      <p>
        Why not simply one token per word, or per character? The vocabularies below were all learned from Tiny
        Shakespeare (GPT-2's from web text), and cut your text from the first step, which none of them saw. Words make
        short sequences but a huge table, and still miss words: each miss becomes <Term concept="token">&lt;unk&gt;</Term>,
        and the model cannot read what it was. Characters never miss (in a script they know) but make long sequences, so
        a fixed context holds less text. Byte-level subwords sit between: no misses, moderate length.
      </p>
      {!hasText && <p className="notice" role="status">Your text (first step) is empty: type something there to compare.</p>}
      {!trained && <p className="tok-view-about">Train a BPE in the “Train” step to add your own subwords to the table.</p>}
      {errors.map((a) => (
        <p key={a.id} className="notice notice-error" role="alert">{a.name}: {a.q.error}</p>
      ))}
      {rows.length > 0 && (
        <>
          <div className="tok-browser-scroll">
            <table className="tok-granularity" aria-label="Words, subwords and characters on your text">
              <thead>
                <tr>
                  <th scope="col">cut by</th>
                  <th scope="col">vocabulary</th>
                  <th scope="col">tokens for your {characters} characters</th>
                  <th scope="col">&lt;unk&gt; (lost)</th>
                  <th scope="col">embedding table ({MODEL_WIDTH} wide)</th>
                  <th scope="col">characters in a {CONTEXT.toLocaleString('en')}-token context</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid={`granularity-${r.id}`}>
                    <th scope="row">{r.name}</th>
                    <td>{r.vocabSize.toLocaleString('en')}</td>
                    <td>{r.tokens.toLocaleString('en')}</td>
                    <td>{r.unknown} ({percent(r.unknown, r.tokens)})</td>
                    <td>{millions(r.vocabSize * MODEL_WIDTH)} parameters</td>
                    <td>{Math.round((CONTEXT * characters) / Math.max(1, r.tokens)).toLocaleString('en')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Bars
            title="Sequence length of your text by granularity"
            source={{ kind: 'live' }}
            caption={`Tokens each vocabulary needs for your ${characters} characters. Embedding tables are vocabulary × ${MODEL_WIDTH} numbers (GPT-2 small's width); the context is GPT-2's ${CONTEXT} tokens.`}
            items={rows.map((r) => ({ id: r.id, label: r.name, value: r.tokens }))}
            listLabel="Tokens per granularity"
            valueLabel="tokens"
            concept="token"
            format={(n) => n.toLocaleString('en')}
          />
        </>
      )}
    </>
  );
}

function percent(part: number, whole: number): string {
  return `${whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10}%`;
}

function millions(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${Math.round(n / 1e3)} k`;
}
