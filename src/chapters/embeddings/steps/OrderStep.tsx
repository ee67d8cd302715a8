// Word order: the first block's attention over two orderings of the same tokens, with positions off (the outputs
// are the same vectors, listed in another order) and on (they differ). Then the shuffle test on the trained
// model: guess whether it notices, then see the loss of the reader's text against the same words shuffled.
import { useEffect, useMemo, useState } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { engine } from '../../../state/engineConnection';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { Bars } from '../../../viz/Bars';
import { FigureFrame } from '../../../viz/FigureFrame';
import { EngineNotice } from '../EngineNotice';
import { shuffleWords } from '../shuffle';

const small = (x: number) => (x === 0 ? '0' : x < 1e-4 ? x.toExponential(1) : x.toFixed(4));

export function OrderStep() {
  const key = useStore((s) => s.activeKey);
  const first = useStore((s) => s.knobs.embOrderA);
  const second = useStore((s) => s.knobs.embOrderB);
  const params = useMemo(() => (first && second ? { key, first, second } : null), [key, first, second]);
  const { result, error } = useEngineQuery('wordOrder', params);

  return (
    <>
      <p>
        Attention mixes each token's vector with the others', weighted by how well they match. Matching never looks at
        where a token stands. Without positions, “dog bites man” and “man bites dog” give attention the same set of
        vectors, so it gives back the same set of vectors: nothing says who bit whom.
      </p>
      <div className="emb-pair">
        <Knob id="embOrderA" />
        <Knob id="embOrderB" />
      </div>
      <ModelStatus />
      <EngineNotice error={error} />
      {result && (
        <FigureFrame
          title="Each token's attention output, in one order and in the other"
          source={{ kind: 'live' }}
          caption={`The first block's attention on your model, every token seeing every other (the causal mask lifted, as in an encoder: the mask itself tells the first token it is first). “Largest difference” compares a token's ${result.width} output numbers in the two orders.`}
          table={() => ({
            columns: ['token', 'place in first', 'place in second', 'largest difference, positions off', 'largest difference, positions on', 'largest output value'],
            rows: result.pairs.map((p) => [p.label, p.first, p.second, p.differenceOff, p.differenceOn, p.size]),
          })}
        >
          <table className="emb-order-table" data-testid="order-table">
            <thead>
              <tr>
                <th scope="col">token</th>
                <th scope="col">places</th>
                <th scope="col">positions off</th>
                <th scope="col">positions on ({result.positional})</th>
              </tr>
            </thead>
            <tbody>
              {result.pairs.map((p) => (
                <tr key={`${p.first}-${p.second}`}>
                  <th scope="row"><span className="token-quote">{p.label}</span></th>
                  <td>{p.first} → {p.second}</td>
                  <td>{small(p.differenceOff)}</td>
                  <td>{small(p.differenceOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            First numbers of “{result.pairs[0]?.label}”'s output, positions off: {Array.from(result.off[0].slice(result.pairs[0].first * result.width, result.pairs[0].first * result.width + 4), (v) => v.toFixed(4)).join(', ')} in the first order;{' '}
            {Array.from(result.off[1].slice(result.pairs[0].second * result.width, result.pairs[0].second * result.width + 4), (v) => v.toFixed(4)).join(', ')} in the second.
          </p>
        </FigureFrame>
      )}
      {result && result.positional === 'none' && <p>This model has no positions, so “on” is the same as “off”.</p>}
      {result && result.positional !== 'none' && (
        <p>
          With positions off every difference is zero (up to rounding): the same vectors in another order. With the model's{' '}
          {result.positional} positions each token's output changes when its place does.
        </p>
      )}
      <ShuffleTest />
    </>
  );
}

type Prediction = 'rise' | 'same';

function ShuffleTest() {
  const key = useStore((s) => s.activeKey);
  const text = useStore((s) => s.knobs.prompt);
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  const [losses, setLosses] = useState<{ original: number; shuffled: number; shuffledText: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => (setPrediction(null), setLosses(null)), [text, key]);

  const run = async (guess: Prediction) => {
    setPrediction(guess);
    setError(null);
    const shuffledText = shuffleWords(text, 7);
    try {
      const [a, b] = [await engine().call('evaluate', { key, text }), await engine().call('evaluate', { key, text: shuffledText })];
      setLosses({ original: a.meanLoss, shuffled: b.meanLoss, shuffledText });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const words = (text.match(/\S+/g) ?? []).length;

  return (
    <section aria-label="Shuffle test">
      <h3>The shuffle test</h3>
      <p>
        Now the whole trained model, causal mask and all. We shuffle the words of your text and ask how surprised the
        model is by each token (its loss, in nats: lower is less surprised).
      </p>
      <Knob id="prompt" />
      {words < 3 ? (
        <p className="notice">Give at least three words to shuffle.</p>
      ) : (
        <fieldset className="emb-guess">
          <legend>Will the model notice the shuffle?</legend>
          <div className="button-row">
            <button type="button" aria-pressed={prediction === 'rise'} disabled={prediction !== null} onClick={() => run('rise')}>
              Yes: its loss will rise
            </button>
            <button type="button" aria-pressed={prediction === 'same'} disabled={prediction !== null} onClick={() => run('same')}>
              No: the same words, the same loss
            </button>
          </div>
        </fieldset>
      )}
      <EngineNotice error={error} />
      {losses && (
        <>
          <p role="status" data-testid="shuffle-verdict">
            {losses.shuffled > losses.original
              ? `${prediction === 'rise' ? 'Right' : 'It noticed'}: the loss rose from ${losses.original.toFixed(3)} to ${losses.shuffled.toFixed(3)} nats per token.`
              : `${prediction === 'same' ? 'Right this time' : 'Not this time'}: ${losses.original.toFixed(3)} in order, ${losses.shuffled.toFixed(3)} shuffled. A short or unusual text can do this; try a line of Shakespeare.`}
          </p>
          <Bars
            title="Loss on your text, in order and shuffled"
            source={{ kind: 'live' }}
            items={[
              { id: 'original', label: 'in order', value: losses.original },
              { id: 'shuffled', label: 'shuffled', value: losses.shuffled },
            ]}
            listLabel="Mean loss per token"
            valueLabel="nats per token"
            format={(v) => v.toFixed(3)}
            concept="loss"
            caption={`Shuffled: “${losses.shuffledText}”. The same tokens (almost: spaces move with words), so a model blind to order would score both alike.`}
          />
          <button type="button" onClick={() => (setPrediction(null), setLosses(null))}>Ask again</button>
        </>
      )}
    </section>
  );
}
