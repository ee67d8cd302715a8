// Static against contextual vectors (ELMo's point): one word in two of the reader's sentences. Its token-table row
// is the same in both; after each block its hidden vector has taken on its sentence. Cosine similarity per depth,
// and both sentences' tokens on one map that moves as the depth slider does.
import { useEffect, useMemo, useState } from 'react';
import { setKnob } from '../../../state/actions';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { Term } from '../../../components/Term';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { Bars } from '../../../viz/Bars';
import { Scatter } from '../../../viz/Scatter';
import { EngineNotice } from '../EngineNotice';

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

export function ContextStep() {
  const key = useStore((s) => s.activeKey);
  const first = useStore((s) => s.knobs.embSentenceA);
  const second = useStore((s) => s.knobs.embSentenceB);
  const typed = useStore((s) => s.knobs.embWord);
  const nLayer = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey)?.summary.config.nLayer ?? 1);
  const layer = Math.min(useStore((s) => s.knobs.embLayer), nLayer);
  const compareParams = useMemo(() => (first && second && typed.trim() ? { key, first, second, word: typed } : null), [key, first, second, typed]);
  const compared = useEngineQuery('contextCompare', compareParams);
  const mapParams = useMemo(() => (first && second ? { key, texts: [first, second], layer, sharedFrame: true } : null), [key, first, second, layer]);
  const map = useEngineQuery('contextMap', mapParams);
  const points = useMemo(() => map.result?.labels.map((label, i) => ({
    id: i, x: map.result!.points[2 * i], y: map.result!.points[2 * i + 1], label: `${label}${map.result!.textIndex[i] === 0 ? '¹' : '²'}`,
  })) ?? [], [map.result]);
  // The word's tokens on the map: the first text's tokens come first, then the second's.
  const firstLength = map.result?.textIndex.filter((t) => t === 0).length ?? 0;
  const spans = compared.result?.spans;
  const wordIds = spans && map.result
    ? [...range(spans[0][0], spans[0][1]), ...range(firstLength + spans[1][0], firstLength + spans[1][1])].filter((i) => i < points.length)
    : [];
  const word = compared.result ? compared.result.labels.join('').replace(/␣/g, ' ').trim() : '';

  return (
    <>
      <p>
        A token's row in the table is <em>static</em>: “bank” gets the same vector by a river and in a high street. Each
        block of the model then mixes in the words around it, so after a block the vector is <em>contextual</em>. ELMo
        (2018) made this the point: use the hidden vectors, not the table. Edit the sentences and see your model do it.
      </p>
      <Knob id="embSentenceA" />
      <Knob id="embSentenceB" />
      <Knob id="embWord" />
      <ModelStatus />
      <EngineNotice error={compared.error} />
      {compared.result && (
        <Bars
          title={`How alike “${word}” is in the two sentences, block by block`}
          source={{ kind: 'live' }}
          caption={`Cosine similarity of the word's vectors in the two sentences${compared.result.labels.length > 1 ? ` (the tokenizer cuts it into ${compared.result.labels.map((l) => `“${l}”`).join(' + ')}; each vector is the mean of those tokens')` : ''}. Depth 0 is the token table: always exactly 1.`}
          items={compared.result.similarity.map((s, depth) => ({ id: depth, label: depth === 0 ? 'table (static)' : `after block ${depth}`, value: s }))}
          listLabel="Cosine similarity by depth"
          valueLabel="cosine similarity"
          format={(v) => v.toFixed(3)}
          maxValue={1}
          concept="vector"
        />
      )}
      <p>
        Our small model was trained on Shakespeare only, so its <Term concept="vector">contextual</Term> vectors drift
        apart less than a large model's would; the drop from 1 is the sentence speaking.
      </p>
      <Knob id="embLayer" />
      <DepthPlayer depth={layer} last={nLayer} />
      <EngineNotice error={map.error} />
      {map.result && (
        <Scatter
          title={`Both sentences' tokens at depth ${layer} (${layer === 0 ? 'the token table' : `after block ${layer}`})`}
          source={{ kind: 'live' }}
          caption={`¹ first sentence, ² second. One frame for every depth (PCA fitted on all of them), so points glide to their new places as the depth changes. At depth 0 a repeated token sits on one point; after each block it splits. The axes keep ${(100 * map.result.explained.reduce((s, v) => s + v, 0)).toFixed(0)}% of the spread over all depths.`}
          points={points}
          xLabel="PC 1"
          yLabel="PC 2"
          labelIds={wordIds}
          arrows={spans && wordIds.length >= 2 ? [{ from: spans[0][1] - 1, to: firstLength + spans[1][1] - 1 }] : []}
          height={320}
          tweenMs={400}
        />
      )}
    </>
  );
}

/** Steps the depth from the table to the last block, one step a second, so the map moves block by block. */
function DepthPlayer({ depth, last }: { depth: number; last: number }) {
  const [isPlaying, setPlaying] = useState(false);
  useEffect(() => {
    if (!isPlaying) return;
    if (depth >= last) return setPlaying(false);
    const timer = setTimeout(() => setKnob('embLayer', depth + 1), 1000);
    return () => clearTimeout(timer);
  }, [isPlaying, depth, last]);
  return (
    <button
      type="button"
      onClick={() => {
        if (isPlaying) return setPlaying(false);
        setKnob('embLayer', 0);
        setPlaying(true);
      }}
    >
      {isPlaying ? 'Stop' : 'Play through the blocks'}
    </button>
  );
}
