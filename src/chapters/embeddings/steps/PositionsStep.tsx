// Three ways to tell a model where a token stands: its own learned table (if it has one) with the similarity of
// every two positions; the sinusoids of "Attention Is All You Need", formula tied to its heat map; and RoPE, a
// query and a key rotated by their positions, whose dot product depends only on how far apart they are.
import { useMemo, useState } from 'react';
import { Equation } from '../../../components/Equation';
import { ModelStatus } from '../../../components/ModelStatus';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { Heatmap } from '../../../viz/Heatmap';
import { EngineNotice } from '../EngineNotice';
import { RopeFigure } from '../figures/RopeFigure';
import { sinusoid } from '../rope';

const numbers = (n: number) => Array.from({ length: n }, (_, i) => String(i));

export function PositionsStep() {
  const key = useStore((s) => s.activeKey);
  const nHead = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey)?.summary.config.nHead ?? 1);
  const params = useMemo(() => ({ key, maxPositions: 128 }), [key]);
  const { result, error } = useEngineQuery('positionTables', params);
  const [position, setPosition] = useState(3);
  const [dimension, setDimension] = useState(0);
  const T = result?.positions ?? 0, C = result?.width ?? 0;
  const p = Math.min(position, Math.max(0, T - 1)), d = Math.min(dimension, Math.max(0, C - 1));
  const wave = sinusoid(p, d, C || 1);

  return (
    <>
      <p>
        Attention compares every token with every other, but nothing in that comparison says which came first. So the
        model is given positions. GPT-2 learns a table of position vectors, one row per place; the 2017 transformer
        used fixed waves; most recent models rotate queries and keys instead (RoPE).
      </p>
      <ModelStatus />
      <EngineNotice error={error} />
      {result && (
        <>
          <h3>Your model's positions</h3>
          {result.learned ? (
            <>
              <Heatmap
                title="Learned position vectors (wpe)"
                source={{ kind: 'live' }}
                caption={`${T} positions × ${C} dimensions, as training left them.`}
                values={result.learned.values}
                rows={T}
                columns={C}
                rowTitle="position"
                columnTitle="dimension"
                kind="diverging"
                concept="position"
                valueLabel="value"
                description={`Learned position table, ${T} by ${C}`}
                cellHeight={3}
              />
              <Heatmap
                title="How alike two positions are (cosine similarity of their learned vectors)"
                source={{ kind: 'live' }}
                caption="Nobody told the model that position 5 is near 6: a bright band along the diagonal means it learned that neighbours are alike."
                values={result.learned.similarity}
                rows={T}
                columns={T}
                rowTitle="position"
                columnTitle="position"
                kind="diverging"
                domain={[-1, 1]}
                concept="position"
                valueLabel="cosine similarity"
                description={`Similarity between learned positions, ${T} by ${T}`}
                cellHeight={3}
              />
            </>
          ) : (
            <p>This model has no learned position table: it uses {result.positional} positions.</p>
          )}

          <h3>Sinusoids: positions without learning</h3>
          <Equation display tex={String.raw`PE_{(p,\,2i)} = \sin\!\left(\frac{p}{10000^{2i/C}}\right), \qquad PE_{(p,\,2i+1)} = \cos\!\left(\frac{p}{10000^{2i/C}}\right)`} />
          <div className="emb-sliders">
            <label>
              Position p: {p}{' '}
              <input type="range" min={0} max={Math.max(0, T - 1)} value={p} onChange={(e) => setPosition(Number(e.target.value))} />
            </label>
            <label>
              Dimension: {d}{' '}
              <input type="range" min={0} max={Math.max(0, C - 1)} value={d} onChange={(e) => setDimension(Number(e.target.value))} />
            </label>
          </div>
          <p data-testid="sinusoid-value">
            Dimension {d} is {d % 2 === 0 ? 'even' : 'odd'}, so PE({p}, {d}) = {d % 2 === 0 ? 'sin' : 'cos'}({p} / 10000
            <sup>{d - (d % 2)}/{C}</sup>) = {d % 2 === 0 ? 'sin' : 'cos'}({wave.angle.toPrecision(4)}) ={' '}
            <strong>{wave.value.toFixed(4)}</strong>; the table below holds {result.sinusoidal.values[p * C + d]?.toFixed(4)} there.
            Early dimensions turn fast (they tell neighbours apart), late ones slowly (they tell the start from the end).
          </p>
          <Heatmap
            title="Sinusoidal position vectors at your model's size"
            source={{ kind: 'live' }}
            caption={`${T} positions × ${C} dimensions, computed by the engine from the formula.`}
            values={result.sinusoidal.values}
            rows={T}
            columns={C}
            rowTitle="position"
            columnTitle="dimension"
            kind="diverging"
            domain={[-1, 1]}
            concept="position"
            valueLabel="value"
            description={`Sinusoidal position table, ${T} by ${C}`}
            cellHeight={3}
            marked={{ row: p, column: d }}
            columnLabels={C <= 32 ? numbers(C) : undefined}
          />
          <h3>RoPE: turn, don't add</h3>
          <RopeFigure headSize={Math.max(2, C / nHead)} />
        </>
      )}
    </>
  );
}
