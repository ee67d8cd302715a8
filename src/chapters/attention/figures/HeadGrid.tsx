// Every layer × head as a small heatmap (canvas) in one frame, each with a button that enlarges it. Each time new
// weights arrive, the time from that render to the last map drawn is left as a performance measure
// ("attention-grid-draw") for the e2e run to print, and the canvas draws alone ("attention-grid-canvas", from a
// sentinel whose effect runs just before the maps' effects); choosing another head redraws no map.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { FigureFrame } from '../../../viz/FigureFrame';
import { HeatmapPlot } from '../../../viz/Heatmap';
import { causalMaskCells, gridTable, headMap } from './headMaps';
import { headName } from '../headSwitches';

interface HeadGridProps {
  weights: Float32Array;
  nLayer: number;
  nHead: number;
  labels: readonly string[];
  selected: { layer: number; head: number };
  onSelect: (layer: number, head: number) => void;
}

export function HeadGrid({ weights, nLayer, nHead, labels, selected, onSelect }: HeadGridProps) {
  const T = labels.length;
  const mask = useMemo(() => causalMaskCells(T), [T]);
  // One stable view per head, so a map redraws only when the weights change.
  const maps = useMemo(
    () => Array.from({ length: nLayer * nHead }, (_, m) => headMap(weights, nHead, T, Math.floor(m / nHead), m % nHead)),
    [weights, nLayer, nHead, T],
  );
  const renderedAt = useMemo(() => (weights ? performance.now() : 0), [weights]);
  // Children's effects (the canvas draws) run before the parent's: this one ends after the last map is drawn.
  const drawsStart = useRef(0);
  useEffect(() => {
    const end = performance.now();
    performance.measure?.('attention-grid-draw', { start: renderedAt, end });
    performance.measure?.('attention-grid-canvas', { start: drawsStart.current, end });
  }, [renderedAt]);
  return (
    <FigureFrame
      title="Every head's attention on your text"
      source={{ kind: 'live' }}
      table={() => gridTable(weights, nLayer, nHead, labels)}
      maxTableRows={300}
      caption={`${nLayer} layer${nLayer > 1 ? 's' : ''} × ${nHead} head${nHead > 1 ? 's' : ''}, each a ${T} × ${T} map: row = the token that looks (query), column = the token looked at (key), darker = more weight. The empty upper-right triangle is the causal mask: no token can look at a later one.`}
    >
      <div className="att-grid" style={{ ['--att-heads' as string]: nHead }}>
        <EffectClock at={drawsStart} when={renderedAt} />
        {Array.from({ length: nLayer }, (_, layer) =>
          Array.from({ length: nHead }, (_, head) => {
            const isSelected = layer === selected.layer && head === selected.head;
            return (
              <div key={`${layer}.${head}`} className="att-grid-cell" data-selected={isSelected || undefined}>
                <button type="button" aria-pressed={isSelected} onClick={() => onSelect(layer, head)} aria-label={`${headName(layer, head)}: enlarge`}>
                  {headName(layer, head)}
                </button>
                <HeatmapPlot
                  values={maps[layer * nHead + head]}
                  rows={T}
                  columns={T}
                  mask={mask}
                  kind="sequential"
                  concept="attention"
                  valueLabel="weight"
                  description={`Layer ${layer + 1}, head ${head + 1}: attention weights`}
                  rowTitle="query"
                  columnTitle="key"
                  rowLabels={labels}
                  columnLabels={labels}
                  domain={[0, 1]}
                  hint=""
                  axes={false}
                />
              </div>
            );
          }),
        )}
      </div>
    </FigureFrame>
  );
}

/** Renders nothing; its effect notes the time when effects of this commit reach it (before the siblings after it). */
function EffectClock({ at, when }: { at: RefObject<number>; when: number }) {
  useEffect(() => {
    at.current = performance.now();
  }, [at, when]);
  return null;
}
