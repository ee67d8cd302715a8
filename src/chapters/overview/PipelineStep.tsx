// The whole pipeline, live, on the reader's prompt: text → tokens (with ids) → vectors → attention → next-token
// probabilities → the drawn token appended, again and again on demand. Every stage links to its chapter.
import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { ChapterLink } from '../../components/ChapterLink';
import { Knob } from '../../components/Knob';
import { ModelStatus } from '../../components/ModelStatus';
import { Term } from '../../components/Term';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { useEngineStream } from '../../state/useEngineStream';
import { AttentionRows } from '../../viz/AttentionRows';
import { Bars, formatPercent } from '../../viz/Bars';
import { FigureFrame } from '../../viz/FigureFrame';
import { HeatmapPlot, heatmapTable } from '../../viz/Heatmap';
import { TokenStrip } from '../../viz/TokenStrip';
import { usePartialTokenCount } from './LiveTokens';
import { usePipeline } from './usePipeline';

const shownDimensions = 24;
const shownVectorRows = 12;

export function PipelineStep() {
  const { result, error, isComputing, ms } = usePipeline();
  const partialTokens = usePartialTokenCount(useStore((s) => s.knobs.prompt));
  const focusKnob = useStore((s) => s.knobs.focus);
  const seed = useStore((s) => s.knobs.seed);
  const isPromptLocked = useStore((s) => s.locked.includes('prompt'));
  // Appending many tokens streams them in as they come; an engine restart starts the text over.
  const [streamed, setStreamed] = useState('');
  const writer = useEngineStream('generate', {
    onProgress: (token) => setStreamed((text) => text + token.text),
    onRetry: () => setStreamed(''),
  });
  const isWriting = writer.status === 'running';

  const T = result?.tokens.length ?? 0;
  const focus = focusKnob < 0 || focusKnob >= T ? T - 1 : focusKnob;
  // The heavier figures (vectors, attention, probabilities) draw from a deferred copy of the result: on the first
  // visit React commits the text, the tokens and the drawn token first, and these in the next, interruptible render
  // (issue #17 goal 7: their first render and layout held the first answer back by 0.2–0.4 s). While typing they
  // lag one render behind, and a render for a newer result replaces one still under way.
  const figures = useDeferredValue(result, null);
  const figuresT = figures?.tokens.length ?? 0;
  const figuresFocus = focusKnob < 0 || focusKnob >= figuresT ? figuresT - 1 : focusKnob;
  const drawing = <p className="stage-more" aria-busy="true">Drawing the figure…</p>;
  // Stable, so typing (which re-renders this step) does not redraw the figures until a new result arrives.
  const selectFocus = useCallback((i: number) => setKnob('focus', i === T - 1 ? -1 : i), [T]);

  const appendMore = async (count: number) => {
    const { activeKey, knobs } = useStore.getState();
    setStreamed('');
    const out = await writer.start({ key: activeKey, text: knobs.prompt, maxNewTokens: count, temperature: knobs.temperature, seed: knobs.seed });
    if (out) {
      setKnob('prompt', useStore.getState().knobs.prompt + out.text);
      setKnob('focus', -1);
    }
  };

  return (
    <>
      <p>
        Type anything. The model below reads it and computes each stage now; change a word and every figure follows.
      </p>
      <Knob id="prompt" />
      <ModelStatus />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && !error && (
        <ol className="pipeline" aria-busy={isComputing}>
          <li className="stage" data-concept="token">
            <h3>
              1. Text → <Term concept="token">tokens</Term>
            </h3>
            <p>
              Your text is cut into {T} tokens, each with its id in the model's vocabulary. Pick one to see where it
              looks in stage 3.
              {result.droppedTokens > 0 &&
                ` The model reads at most ${T} tokens at a time, so the first ${result.droppedTokens} are left out.`}
            </p>
            {partialTokens > 0 && (
              <p className="stage-more" data-testid="byte-tokens-note">
                {partialTokens === 1 ? 'One token holds' : `${partialTokens} tokens hold`} only part of a character, shown
                as a byte code such as <q className="token-quote">\xD0</q>. This tokenizer works on the bytes of UTF-8,
                where an English letter is one byte but a Cyrillic or Greek letter is two, most Chinese characters three
                and an emoji four; its merges were learned on English, so it rarely joins those bytes back into whole
                characters. That is why <q>Привет</q> costs more tokens than <q>Hello</q>.
              </p>
            )}
            <FigureFrame
              title="Your prompt as tokens"
              source={live}
              table={() => ({ columns: ['position', 'token', 'id'], rows: result.tokens.map((t, i) => [i + 1, t.label, t.id]) })}
            >
              <TokenStrip tokens={result.tokens} label="Your prompt as tokens" selectedIndex={focus} onSelect={selectFocus} />
            </FigureFrame>
            <p className="stage-more">
              More in <ChapterLink to="tokenization">Tokenization</ChapterLink>.
            </p>
          </li>
          <li className="stage" data-concept="vector">
            <h3>
              2. Tokens → <Term concept="vector">vectors</Term>
            </h3>
            <p>
              Each token becomes a list of {result.width} numbers: its learned vector plus one for its position. Here
              are the first {shownDimensions} numbers of the last {Math.min(T, shownVectorRows)} tokens: positive numbers in
              the vectors' colour, negative ones in grey (the page's text colour), both fading to the background near zero;
              point at a cell, or open the table, for its value.
            </p>
            {figures ? <VectorRows result={figures} /> : drawing}
            <p className="stage-more">
              More in <ChapterLink to="embeddings">Embeddings &amp; position</ChapterLink>.
            </p>
          </li>
          <li className="stage" data-concept="attention">
            <h3>
              3. <Term concept="attention">Attention</Term>: where “{result.tokens[focus].label}” looks
            </h3>
            <p>
              In each of the {result.attention.length} layers, every token gathers information from the tokens before it.
              The shading shows how much token {focus + 1} takes from each, averaged over the layer's heads; the
              darkest is that layer's strongest.
            </p>
            {figures ? (
              <AttentionRows
                title={`Attention from “${figures.tokens[figuresFocus].label}”, layer by layer`}
                source={live}
                tokens={figures.tokens}
                layers={figures.attention}
                focus={figuresFocus}
              />
            ) : drawing}
            <p className="stage-more">
              More in <ChapterLink to="attention">Attention</ChapterLink>.
            </p>
          </li>
          <li className="stage" data-concept="probability">
            <h3>
              4. Next-token <Term concept="probability">probabilities</Term>
            </h3>
            <p>The model's ten likeliest next tokens, after temperature:</p>
            <Knob id="temperature" />
            {figures ? (
              <Bars
                title="Next-token probabilities"
                source={live}
                items={figures.top.map((t) => ({ id: t.id, label: t.label, value: t.probability }))}
                listLabel="Likeliest next tokens"
                valueLabel="probability"
                markedId={figures.chosen.id}
              />
            ) : drawing}
            <p className="stage-more">
              More in <ChapterLink to="generation">Generation</ChapterLink>.
            </p>
          </li>
          <li className="stage" data-concept="token">
            <h3>5. The drawn token is appended, and it all runs again</h3>
            <p className="next-token" aria-live="polite">
              With seed {seed}, the draw picks{' '}
              <q className="token-quote" data-testid="next-token">
                {result.chosen.label}
              </q>{' '}
              (probability {formatPercent(result.chosen.probability)}).
            </p>
            <Knob id="seed" />
            <div className="button-row">
              <button type="button" disabled={isPromptLocked || isWriting} onClick={() => {
                setKnob('prompt', useStore.getState().knobs.prompt + result.chosen.text);
                setKnob('focus', -1);
              }}>
                Append “{result.chosen.label}”
              </button>
              <button type="button" disabled={isPromptLocked || isWriting} onClick={() => void appendMore(20)}>
                Append 20 more tokens
              </button>
              {isWriting && (
                <button type="button" onClick={writer.cancel}>
                  Stop
                </button>
              )}
            </div>
            {isWriting && (
              <p role="status" className="generating">
                Writing: <span className="generated">{streamed}</span>
              </p>
            )}
            {writer.error && (
              <p className="notice notice-error" role="alert">
                {writer.error}
              </p>
            )}
            {ms !== null && <p className="stage-more">This pass took {Math.round(ms)} ms, worker round trip included.</p>}
          </li>
        </ol>
      )}
    </>
  );
}

const live = { kind: 'live' } as const;

const VectorRows = memo(function VectorRows({ result }: { result: NonNullable<ReturnType<typeof usePipeline>['result']> }) {
  const T = result.tokens.length;
  const first = Math.max(0, T - shownVectorRows);
  const data = useMemo(() => {
    const rows = T - first;
    const columns = Math.min(shownDimensions, result.width);
    const values = new Float32Array(rows * columns);
    for (let r = 0; r < rows; r++) values.set(result.vectors.subarray((first + r) * result.width, (first + r) * result.width + columns), r * columns);
    const rowLabels = result.tokens.slice(first).map((t) => t.label);
    const columnLabels = Array.from({ length: columns }, (_, i) => String(i + 1));
    return { values, rows, columns, rowLabels, columnLabels };
  }, [result, T, first]);
  const description = `The first ${data.columns} of ${result.width} numbers in the vectors of the last ${data.rows} tokens`;
  return (
    <FigureFrame title="Token vectors" source={live} caption={description} table={() => heatmapTable(data, 'value', 'token', 'dimension')}>
      <HeatmapPlot {...data} kind="diverging" concept="vector" valueLabel="value" description={description} rowTitle="token" columnTitle="dimension" cellHeight={20} />
    </FigureFrame>
  );
});
