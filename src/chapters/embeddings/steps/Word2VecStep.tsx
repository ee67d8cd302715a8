// word2vec trained live in the worker (skip-gram with negative sampling): play, pause, resume; window, dimensions
// and negatives; the loss curve and the map redrawn each chunk (signs kept, so it does not flip); then neighbours
// and an analogy box on the vectors as they are.
import { useMemo, useRef, useState } from 'react';
import { Knob } from '../../../components/Knob';
import { Term } from '../../../components/Term';
import { engine } from '../../../state/engineConnection';
import { useStore } from '../../../state/store';
import { useEngineStream } from '../../../state/useEngineStream';
import { Bars } from '../../../viz/Bars';
import { LineChart } from '../../../viz/LineChart';
import { Scatter, type ScatterArrow } from '../../../viz/Scatter';
import type { ResultOf } from '../../../workers/protocol';
import { EngineNotice } from '../EngineNotice';
import { useCorpus } from '../useCorpus';

const holdAs = 'embeddings-word2vec';
/** word2vec's words carry the space before them, shown as ␣; here a word is just the word. */
const plain = (label: string) => label.replace(/^␣/, '').trim();
const fewWords = 5000;

export function Word2VecStep() {
  const ownText = useStore((s) => s.knobs.embW2vText);
  const corpus = useCorpus(ownText);
  const dim = useStore((s) => s.knobs.embW2vDim);
  const window = useStore((s) => s.knobs.embW2vWindow);
  const negatives = useStore((s) => s.knobs.embW2vNegatives);
  const shown = Number(useStore((s) => s.knobs.embW2vWords));
  const [loss, setLoss] = useState<{ x: number; y: number }[]>([]);
  const [wordCount, setWordCount] = useState<number | null>(null);
  const [prepError, setPrepError] = useState<string | null>(null);
  const sent = useRef<{ text: string; settings: string } | null>(null);
  const stream = useEngineStream('word2vec', {
    onProgress: (p) => setLoss((l) => [...l, { x: p.pairs, y: p.loss }]),
    onRetry: () => setLoss([]),
  });
  const settings = `${dim}/${window}/${negatives}/${shown}/${ownText}`;
  const canResume = stream.status === 'cancelled' && sent.current?.settings === settings;

  const play = async (resume: boolean) => {
    setPrepError(null);
    try {
      const { text } = resume && sent.current ? { text: sent.current.text } : await corpus();
      if (!resume) {
        setLoss([]);
        setWordCount((text.match(/\S+/g) ?? []).length);
      }
      sent.current = { text, settings };
      await stream.start({
        corpus: text, dim, window, negatives, epochs: 3, showWords: shown, chunkPairs: 40_000, holdAs, resume,
        subsample: text.length < 50_000 ? 0 : 1e-3,
      });
    } catch (e) {
      setPrepError((e as Error).message);
    }
  };

  const frame = stream.result ?? stream.progress;
  const isRunning = stream.status === 'running';
  const hasModel = stream.status === 'cancelled' || stream.status === 'done';

  return (
    <>
      <p>
        Where do good vectors come from? word2vec (Mikolov et al., 2013) learns one <Term concept="vector">vector</Term> per
        word from a single idea: a word is known by the company it keeps. It slides over the text and nudges each word's
        vector towards the words near it and away from a few random ones (the negatives). Watch it learn.
      </p>
      <Knob id="embW2vText" />
      <div className="emb-knobs">
        <Knob id="embW2vDim" />
        <Knob id="embW2vWindow" />
        <Knob id="embW2vNegatives" />
        <Knob id="embW2vWords" />
      </div>
      <div className="button-row">
        <button type="button" onClick={() => play(false)} disabled={isRunning}>
          {hasModel ? 'Start over' : 'Play'}
        </button>
        <button type="button" onClick={stream.cancel} disabled={!isRunning}>Pause</button>
        <button type="button" onClick={() => play(true)} disabled={!canResume}>Resume</button>
      </div>
      <p aria-live="polite" data-testid="w2v-status">
        {isRunning && frame && `Training: ${frame.pairs.toLocaleString('en')} word pairs, ${('epochFraction' in frame ? frame.epochFraction : 3).toFixed(2)} of 3 passes.`}
        {isRunning && !frame && 'Reading the text…'}
        {stream.status === 'cancelled' && 'Paused. Resume goes on from here; the neighbours and analogies below use the vectors as they are now.'}
        {stream.status === 'done' && 'Done: three passes over the text.'}
      </p>
      {wordCount !== null && wordCount < fewWords && (
        <p className="notice" data-testid="w2v-tiny">
          Your text has {wordCount.toLocaleString('en')} words. word2vec needs to see each word in many different places;
          with this few, most words appear once or twice and the map below is mostly noise. Leave the box empty to use Tiny
          Shakespeare (about 200,000 words).
        </p>
      )}
      <EngineNotice error={prepError ?? stream.error} />
      {loss.length > 0 && (
        <LineChart
          title="word2vec loss"
          source={{ kind: 'live' }}
          caption="Negative-sampling loss per chunk of word pairs: it falls as true neighbours score higher than random words."
          series={[{ id: 'loss', label: 'loss', concept: 'loss', points: loss }]}
          xLabel="word pairs trained"
          yLabel="loss"
          height={200}
        />
      )}
      {frame && <Word2VecMap frame={frame} canAsk={hasModel} />}
    </>
  );
}

type Frame = Pick<ResultOf<'word2vec'>, 'labels' | 'points' | 'explained'>;

function Word2VecMap({ frame, canAsk }: { frame: Frame; canAsk: boolean }) {
  const [query, setQuery] = useState('king');
  const [abc, setAbc] = useState({ a: 'man', b: 'king', c: 'woman' });
  const [answer, setAnswer] = useState<ResultOf<'word2vecQuery'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const points = useMemo(() => frame.labels.map((label, i) => ({ id: i, x: frame.points[2 * i], y: frame.points[2 * i + 1], label: plain(label) })), [frame]);
  const rowOf = useMemo(() => new Map(frame.labels.map((l, i) => [plain(l), i] as const)), [frame]);

  const ask = async (withAnalogy: boolean) => {
    setError(null);
    try {
      setAnswer(await engine().call('word2vecQuery', { name: holdAs, query, analogy: withAnalogy ? abc : undefined }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const row = (label: string) => rowOf.get(plain(label));
  const arrows: ScatterArrow[] = [];
  const labelIds: number[] = [];
  if (answer?.analogy) {
    const [a, b, c, d] = [answer.analogy.a, answer.analogy.b, answer.analogy.c, answer.analogy.answers[0]?.label ?? ''].map(row);
    if (a !== undefined && b !== undefined) arrows.push({ from: a, to: b });
    if (c !== undefined && d !== undefined) arrows.push({ from: c, to: d });
    labelIds.push(...[a, b, c, d].filter((x): x is number => x !== undefined));
  }
  if (answer?.query) labelIds.push(...[answer.query.label, ...answer.query.neighbours.map((n) => n.label)].map(row).filter((x): x is number => x !== undefined));

  return (
    <>
      <Scatter
        title="word2vec's vectors, flattened by PCA"
        source={{ kind: 'live' }}
        caption={`The ${points.length} most frequent words. The axes keep ${(100 * frame.explained.reduce((s, v) => s + v, 0)).toFixed(0)}% of the spread.`}
        points={points}
        xLabel="PC 1"
        yLabel="PC 2"
        labelIds={labelIds}
        arrows={arrows}
      />
      {canAsk ? (
        <div className="emb-ask">
          <form onSubmit={(e) => (e.preventDefault(), void ask(false))} className="button-row">
            <label>
              Word <input type="text" value={query} onChange={(e) => setQuery(e.target.value)} size={12} />
            </label>
            <button type="submit">Nearest words</button>
          </form>
          <form onSubmit={(e) => (e.preventDefault(), void ask(true))} className="button-row">
            <span>Analogy:</span>
            <label>
              <input type="text" aria-label="a" value={abc.a} onChange={(e) => setAbc({ ...abc, a: e.target.value })} size={8} /> is to
            </label>
            <label>
              <input type="text" aria-label="b" value={abc.b} onChange={(e) => setAbc({ ...abc, b: e.target.value })} size={8} /> as
            </label>
            <label>
              <input type="text" aria-label="c" value={abc.c} onChange={(e) => setAbc({ ...abc, c: e.target.value })} size={8} /> is to ?
            </label>
            <button type="submit">Solve b − a + c</button>
          </form>
          <EngineNotice error={error} />
          {answer?.query && (
            <Bars
              title={`Nearest to “${plain(answer.query.label)}”`}
              source={{ kind: 'live' }}
              items={answer.query.neighbours.map((n, i) => ({ id: i, label: plain(n.label), value: n.similarity }))}
              listLabel="Nearest words"
              valueLabel="cosine similarity"
              format={(v) => v.toFixed(3)}
              maxValue={1}
              concept="vector"
            />
          )}
          {answer?.analogy && (
            <p data-testid="w2v-analogy">
              {plain(answer.analogy.a)} is to {plain(answer.analogy.b)} as {plain(answer.analogy.c)} is to{' '}
              <strong>{plain(answer.analogy.answers[0]?.label ?? '?')}</strong> (then{' '}
              {answer.analogy.answers.slice(1).map((n) => plain(n.label)).join(', ')}). On a text this small, famous analogies
              often fail: word2vec's showcase results came from billions of words.
            </p>
          )}
        </div>
      ) : (
        <p>Pause (or let it finish) to ask for neighbours and analogies.</p>
      )}
    </>
  );
}
