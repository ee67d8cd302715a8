// Step 2: one head, step by step, for one query token, with the numbers the engine computed on the reader's text.
// The reader first guesses which token the query will attend to most; then each stage shows its formula and its
// numbers (recomputed here from the traced q, k, v and checked against the traced weights and output).
import { useEffect, useMemo, useState } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { Term } from '../../../components/Term';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { formatPercent } from '../../../viz/Bars';
import { Arcs } from '../../../viz/Arcs';
import { FigureFrame } from '../../../viz/FigureFrame';
import { HeadPicker } from '../figures/HeadPicker';
import { formatNumber, lights, Stage, term, Vector, type TermId } from '../figures/Stage';
import { peakedness, queryArithmetic } from '../headArithmetic';
import { CutNotice, EngineError, Notes } from '../Notices';
import { useHeadChoice, useModelShape, useQueryIndex } from '../useAttentionChoice';

export function StepThroughStep() {
  const text = useStore((s) => s.knobs.prompt);
  const key = useStore((s) => s.activeKey);
  const shape = useModelShape();
  const { layer, head, notes, choose: chooseHead } = useHeadChoice(shape);
  const params = useMemo(() => (shape ? { key, text, layer, head } : null), [key, text, layer, head, shape]);
  const { result, error, isComputing } = useEngineQuery('attentionHead', params);
  const T = result?.tokens.length ?? 0;
  const { query, choose } = useQueryIndex(T);
  const [guess, setGuess] = useState<number | null>(null);
  const [factor, setFactor] = useState(1);
  const [hot, setHot] = useState<TermId | null>(null);
  useEffect(() => setGuess(null), [text, key, layer, head, query]); // a new query is a new question

  const math = useMemo(() => (result ? queryArithmetic(result, T, query, factor) : null), [result, T, query, factor]);
  const atOne = useMemo(() => (result ? queryArithmetic(result, T, query, 1) : null), [result, T, query]);
  const labels = result?.tokens.map((t) => t.label) ?? [];
  const hs = result?.hs ?? 1, C = result?.nEmbd ?? 1, nHead = shape?.nHead ?? 1;
  const row = (m: Float32Array, width: number) => m.subarray(query * width, (query + 1) * width);
  const engineWeights = result ? Array.from(row(result.weights, T)) : [];
  const gap = atOne && result ? Math.max(...atOne.out.map((x, c) => Math.abs(x - result.out[query * hs + c])), ...atOne.rows.map((r) => Math.abs(r.weight - engineWeights[r.j]))) : 0;

  return (
    <>
      <p>
        Follow one head's arithmetic for one token, the <em>query</em>. Every number below was computed on your text
        by layer {layer + 1}, head {head + 1} of the model. Choose the layer and head here or on the grid of the first
        step.
      </p>
      <Knob id="prompt" />
      {shape && <HeadPicker nLayer={shape.nLayer} nHead={shape.nHead} layer={layer} head={head} onChoose={chooseHead} />}
      <ModelStatus />
      <EngineError error={error} />
      <Notes notes={notes} />
      {result && math && atOne && (
        <div aria-busy={isComputing} className="att-step-body">
          <CutNotice cut={result.cut} kept={T} />
          <fieldset className="att-choices">
            <legend>The query token (the one whose attention we follow)</legend>
            <div className="button-row">
              {labels.map((label, i) => (
                <button key={i} type="button" aria-pressed={i === query} onClick={() => choose(i)} aria-label={`${label} (position ${i + 1})`}>
                  <span className="token-quote">{label}</span>
                </button>
              ))}
            </div>
          </fieldset>
          {guess === null ? (
            <fieldset className="att-choices">
              <legend>
                Guess first: which token will “{labels[query]}” (position {query + 1}) attend to most in this head?
              </legend>
              <div className="button-row">
                {labels.slice(0, query + 1).map((label, j) => (
                  <button key={j} type="button" onClick={() => setGuess(j)} aria-label={`Guess ${label} (position ${j + 1})`}>
                    <span className="token-quote">{label}</span>
                  </button>
                ))}
              </div>
              <p className="guess-hint">It can only look at itself and the tokens before it. Pick one to see the arithmetic.</p>
            </fieldset>
          ) : (
            <>
              <p role="status" data-testid="att-guess-verdict">
                {guess === atOne.argmax
                  ? `Right: “${labels[guess]}” gets the most, ${formatPercent(atOne.rows[guess].weight)}.`
                  : `You guessed “${labels[guess]}” (${formatPercent(atOne.rows[guess].weight)}); the most goes to “${labels[atOne.argmax]}” at position ${atOne.argmax + 1}, ${formatPercent(atOne.rows[atOne.argmax].weight)}. Even spreading would give each ${formatPercent(1 / (query + 1))}.`}
              </p>
              <div className="att-stages" data-hot-term={hot ?? undefined}>
                <Stage title="1. The input: the LayerNorm'd residual stream" tex={`${term('x', 'x_i')} = \\mathrm{LN}(h_i) \\in \\mathbb{R}^{1 \\times ${C}}`}>
                  <Vector name={`x_${query + 1}`} values={row(result.x, C)} id="x" onHot={setHot} />
                </Stage>
                <Stage title="2. Query, key and value: three projections of x" tex={`${term('q', 'q_i')} = ${term('x', 'x_i')} W_Q,\\; ${term('k', 'k_j')} = x_j W_K,\\; ${term('v', 'v_j')} = x_j W_V \\quad (1 \\times ${C}) \\cdot (${C} \\times ${hs}) = 1 \\times ${hs}`}>
                  <Vector name={`q_${query + 1}`} values={row(result.q, hs)} id="q" onHot={setHot} />
                  <Vector name={`k_${query + 1}`} values={row(result.k, hs)} id="k" onHot={setHot} />
                  <Vector name={`v_${query + 1}`} values={row(result.v, hs)} id="v" onHot={setHot} />
                </Stage>
                <Stage title="3. Scores: how well the query matches each key, divided by √d" tex={`${term('s', 's_{ij}')} = \\frac{${term('q', 'q_i')} \\cdot ${term('k', 'k_j')}}{\\sqrt{d}} = \\frac{q_i \\cdot k_j}{\\sqrt{${hs}}} = \\frac{q_i \\cdot k_j}{${Math.sqrt(hs).toFixed(2)}}`}>
                  <p tabIndex={0} {...lights('s', setHot)}>
                    The raw dot products spread with a standard deviation of {formatNumber(math.spreadBefore)}; divided by √{hs}, of{' '}
                    {formatNumber(math.spreadAfter)}. Without the division, a longer head would give ever larger scores and a softmax
                    that puts almost everything on one token.
                  </p>
                </Stage>
                <Stage title="4. The causal mask" tex={`${term('s', 's_{ij}')} = -\\infty \\quad \\text{for } j > i`}>
                  <p tabIndex={0} {...lights('s', setHot)}>
                    {T - query - 1 === 0
                      ? 'The query is the last token: there is nothing after it to hide.'
                      : `${T - query - 1} later token${T - query - 1 > 1 ? 's get' : ' gets'} a score of −∞, so e^−∞ = 0: the query cannot see the future.`}
                  </p>
                </Stage>
                <Stage title="5. Softmax: scores become weights that add up to 1" tex={`${term('a', 'a_{ij}')} = \\frac{e^{\\,${factor === 1 ? '' : `${factor}\\,`}${term('s', 's_{ij}')}}}{\\sum_{j' \\le i} e^{\\,${factor === 1 ? '' : `${factor}\\,`}s_{ij'}}}`}>
                  <div className="knob knob-number">
                    <label htmlFor="att-factor">Multiply the scores by</label>
                    <input id="att-factor" type="range" min={0} max={4} step={0.25} value={factor} onChange={(e) => setFactor(Number(e.currentTarget.value))} />
                    <output htmlFor="att-factor">{factor}</output>
                    <span className="knob-help">
                      Not part of the model (it always uses 1): try it to see softmax sharpen (larger) or flatten (smaller, 0 = even).
                    </span>
                  </div>
                  <p data-testid="att-peak" tabIndex={0} {...lights('a', setHot)}>
                    At ×{factor} the largest weight is {formatPercent(peakedness(math.rows.map((r) => r.weight)).max)} (entropy{' '}
                    {formatNumber(peakedness(math.rows.map((r) => r.weight)).entropy)} nats); the model's own ×1 gives{' '}
                    {formatPercent(peakedness(engineWeights).max)}; even spreading would give {formatPercent(1 / (query + 1))} (entropy {formatNumber(Math.log(query + 1))}).
                  </p>
                  <Arcs
                    title={`Where “${labels[query]}” looks at ×${factor}`}
                    source={{ kind: 'live' }}
                    tokens={result.tokens}
                    weights={queryRow(math.rows.map((r) => r.weight), T, query)}
                    selected={query}
                    onSelect={choose}
                    caption="The weights of the table below as arcs: move the slider and watch them sharpen or flatten. Pick another token to follow it instead."
                  />
                  <KeyTable labels={labels} math={math} engineWeights={engineWeights} factor={factor} query={query} onHot={setHot} />
                </Stage>
                <Stage title="6. The head's output: the weighted sum of the values" tex={`${term('o', 'o_i')} = \\sum_{j \\le i} ${term('a', 'a_{ij}')}\\, ${term('v', 'v_j')} \\in \\mathbb{R}^{1 \\times ${hs}}`}>
                  <Vector name={`o_${query + 1} (×${factor})`} values={math.out} id="o" onHot={setHot} />
                  <Vector name={`o_${query + 1} traced by the engine`} values={row(result.out, hs)} id="o" onHot={setHot} />
                  <p data-testid="att-check">
                    Recomputed here at ×1, the weights and output differ from the engine's by at most {gap.toExponential(1)}.
                  </p>
                </Stage>
                <Stage title="7. All heads side by side, then the output projection" tex={`${term('y', 'y_i')} = ${term('c', `\\big[\\, o_i^{(1)}, \\dots, o_i^{(${nHead})} \\,\\big]`)} W_O \\quad (1 \\times ${C}) \\cdot (${C} \\times ${C})`}>
                  <Vector name={`[o^(1) … o^(${nHead})]_${query + 1}`} values={row(result.concat, C)} id="c" onHot={setHot} />
                  <Vector name={`y_${query + 1}`} values={row(result.projected, C)} id="y" onHot={setHot} />
                  <p>
                    This head's {hs} numbers sit at positions {head * hs + 1}–{(head + 1) * hs} of the {C}; y is what the layer's{' '}
                    <Term concept="attention">attention</Term> adds to the token's residual stream.
                  </p>
                </Stage>
              </div>
            </>
          )}
        </div>
      )}
    </>
  );
}

function KeyTable({ labels, math, engineWeights, factor, query, onHot }: {
  labels: readonly string[];
  math: ReturnType<typeof queryArithmetic>;
  engineWeights: readonly number[];
  factor: number;
  query: number;
  onHot: (id: TermId | null) => void;
}) {
  const visible = math.rows.filter((r) => !r.masked);
  const table = () => ({
    columns: ['key position', 'key token', 'q·k', 'score (÷√d)', `weight (×${factor})`, 'weight (engine)'],
    rows: math.rows.map((r) => [r.j + 1, labels[r.j], r.dot, r.score, r.weight, engineWeights[r.j]]),
  });
  return (
    <FigureFrame title={`Scores and weights of “${labels[query]}” over every key`} source={{ kind: 'live' }} table={table}>
      <div className="att-numbers" tabIndex={0} role="region" aria-label="Scores and weights per key">
        <table>
          <thead>
            <tr>
              <th scope="col">key</th>
              <th scope="col">q·k</th>
              <th scope="col">÷√d</th>
              <th scope="col">weight ×{factor}</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((r) => (
              <tr key={r.j} data-strongest={r.j === math.argmax || undefined}>
                <td>
                  {r.j + 1} <span className="token-quote">{labels[r.j]}</span>
                </td>
                <td>{formatNumber(r.dot)}</td>
                <td {...lights('s', onHot)}>{formatNumber(r.score)}</td>
                <td {...lights('a', onHot)}>{formatPercent(r.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </FigureFrame>
  );
}

/** A (T × T) matrix holding only the query's row of weights (what Arcs draws for the selected token). */
function queryRow(weights: readonly number[], T: number, query: number): Float32Array {
  const m = new Float32Array(T * T);
  m.set(weights, query * T);
  return m;
}
