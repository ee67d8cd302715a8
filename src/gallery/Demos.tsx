// One demo per figure of the kit, each on sample data and saying so. The line chart grows on request (appending
// points, the path is extended), the heat maps redraw on request and report how long 16 of them took.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Arcs } from '../viz/Arcs';
import { Bars } from '../viz/Bars';
import { FigureFrame } from '../viz/FigureFrame';
import { Heatmap, HeatmapPlot, heatmapTable } from '../viz/Heatmap';
import { LineChart } from '../viz/LineChart';
import { Scatter } from '../viz/Scatter';
import { sampleAttention, sampleLoss, sampleMap, sampleNextTokens, sampleTokens } from './sampleData';

const sample = { kind: 'sample' } as const;

export function LineDemo() {
  const [steps, setSteps] = useState(120);
  const [isLog, setLog] = useState(false);
  // Appending keeps the earlier points (same objects), as a trainer's progress events would.
  const train = useAppended(steps, (from) => sampleLoss(steps, 1.6, 1, from));
  const validation = useAppended(steps, (from) => sampleLoss(steps, 1.9, 2, from));
  return (
    <>
      <div className="viz-controls">
        <button type="button" onClick={() => setSteps((s) => s + 50)}>Append 50 steps</button>
        <label>
          <input type="checkbox" checked={isLog} onChange={(e) => setLog(e.target.checked)} /> Log scale
        </label>
      </div>
      <LineChart
        title="Loss while training (sample)"
        source={sample}
        caption="Two made-up curves falling from ln 1024, the loss of guessing uniformly among 1,024 tokens."
        series={[
          { id: 'train', label: 'training loss', concept: 'loss', points: train },
          { id: 'val', label: 'validation loss', concept: 'probability', points: validation, dashed: true },
        ]}
        xLabel="step"
        yLabel="loss (nats)"
        yScale={isLog ? 'log' : 'linear'}
        references={[{ y: Math.log(1024), label: 'ln 1024: guessing' }]}
        minXDomain={[0, 1000]}
      />
    </>
  );
}

/** A list that only ever grows: new points are made for the new steps and appended to a copy of the old array. */
function useAppended<T>(length: number, make: (from: number) => T[]): T[] {
  const ref = useRef<T[]>([]);
  if (ref.current.length !== length) ref.current = length > ref.current.length ? [...ref.current, ...make(ref.current.length)] : make(0);
  return ref.current;
}

export function ScatterDemo() {
  const points = useMemo(() => sampleMap(5000, 7), []);
  return (
    <Scatter
      title="A map of 5,000 words (sample)"
      source={sample}
      caption="Made-up clusters; the arrows show the analogy man → woman as king → queen."
      points={points}
      xLabel="component 1"
      yLabel="component 2"
      labelIds={['word-king', 'word-queen', 'word-man', 'word-woman']}
      arrows={[
        { from: 'word-king', to: 'word-queen' },
        { from: 'word-man', to: 'word-woman' },
      ]}
    />
  );
}

export function HeatmapDemo() {
  const T = sampleTokens.length;
  const { weights, mask } = useMemo(() => sampleAttention(T, 3), [T]);
  const labels = sampleTokens.map((t) => t.label);
  return (
    <Heatmap
      title="Attention weights of one head (sample)"
      source={sample}
      caption="Each row: where that token looks. Cells above the diagonal are masked: a token cannot look ahead."
      values={weights}
      mask={mask}
      rows={T}
      columns={T}
      rowLabels={labels}
      columnLabels={labels}
      kind="sequential"
      concept="attention"
      valueLabel="weight"
      description="Attention weights, query tokens by key tokens"
      rowTitle="query"
      columnTitle="key"
    />
  );
}

const heads = 16;
const size = 128;

export function ManyHeatmapsDemo() {
  const [round, setRound] = useState(0);
  const [ms, setMs] = useState<number | null>(null);
  const started = useRef(0);
  // Two sets made ahead, so a redraw measures drawing, not making up numbers.
  const sets = useMemo(() => [0, 1].map((k) => Array.from({ length: heads }, (_, h) => sampleAttention(size, 100 * k + h, [1, 3, 10, 100][h % 4]))), []);
  const maps = sets[round % 2];
  useEffect(() => {
    // Children's effects (the canvas draws) have run by now: this is render + draw of all 16, on this machine.
    if (started.current) setMs(performance.now() - started.current);
    started.current = 0;
  }, [round]);
  return (
    <FigureFrame
      title={`${heads} heads, ${size} × ${size} each (sample)`}
      source={sample}
      caption={ms === null ? 'Press “Redraw all 16” to time a redraw.' : <span data-testid="redraw-ms">Redrew all {heads} maps in {ms.toFixed(1)} ms on this device.</span>}
      table={() => {
        const parts = maps.map((m) => heatmapTable({ values: m.weights, mask: m.mask, rows: size, columns: size }, 'weight', 'query', 'key'));
        return { columns: ['head', ...parts[0].columns], rows: parts.flatMap((p, h) => p.rows.map((r) => [h + 1, ...r])) };
      }}
    >
      <div className="viz-controls">
        <button type="button" onClick={() => ((started.current = performance.now()), setRound((r) => r + 1))}>
          Redraw all 16
        </button>
      </div>
      <div className="gallery-multiples">
        {maps.map((m, h) => (
          <HeatmapPlot key={h} values={m.weights} mask={m.mask} rows={size} columns={size} kind="sequential" concept="attention"
            valueLabel="weight" description={`Head ${h + 1}`} hint="" cellWidth={1} />
        ))}
      </div>
    </FigureFrame>
  );
}

export function ArcsDemo() {
  const T = sampleTokens.length;
  const { weights } = useMemo(() => sampleAttention(T, 5), [T]);
  const [selected, setSelected] = useState(T - 1);
  return (
    <Arcs
      title="Where a token looks (sample)"
      source={sample}
      caption="Pick a token: arcs run to the tokens it draws from, thicker for larger weights."
      tokens={sampleTokens}
      weights={weights}
      selected={selected}
      onSelect={setSelected}
    />
  );
}

export function BarsDemo() {
  return (
    <Bars
      title="Next-token probabilities (sample)"
      source={sample}
      caption="The sampler drew “␣question”; top-k = 7 cut the last three."
      items={sampleNextTokens}
      listLabel="Likeliest next tokens (sample)"
      valueLabel="probability"
      markedId={1}
    />
  );
}
