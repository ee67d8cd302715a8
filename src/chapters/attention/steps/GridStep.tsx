// Step 1: every layer's and head's attention on the reader's text at once, one head enlarged with its token labels,
// and arcs from the chosen query token to what it looks at in that head.
import { useMemo } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { Term } from '../../../components/Term';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { Arcs } from '../../../viz/Arcs';
import { Heatmap } from '../../../viz/Heatmap';
import { HeadGrid } from '../figures/HeadGrid';
import { causalMaskCells, headMap } from '../figures/headMaps';
import { CutNotice, EngineError, Notes } from '../Notices';
import { useHeadChoice, useModelShape, useQueryIndex } from '../useAttentionChoice';

export function GridStep() {
  const text = useStore((s) => s.knobs.prompt);
  const key = useStore((s) => s.activeKey);
  const shape = useModelShape();
  const choice = useHeadChoice(shape);
  const params = useMemo(() => ({ key, text }), [key, text]);
  const { result, error, isComputing } = useEngineQuery('attentionMaps', params);
  const T = result?.tokens.length ?? 0;
  const { query, choose } = useQueryIndex(T);
  const labels = useMemo(() => result?.tokens.map((t) => t.label) ?? [], [result]);
  const mask = useMemo(() => causalMaskCells(T), [T]);
  const layer = Math.min(choice.layer, (result?.nLayer ?? 1) - 1);
  const head = Math.min(choice.head, (result?.nHead ?? 1) - 1);

  return (
    <>
      <p>
        In every layer, each <Term concept="attention">attention head</Term> lets every token take information from
        the tokens before it. How much it takes from each is a <em>weight</em> between 0 and 1; a token's weights add
        up to 1. Here are all the weights of every head, computed now on your text.
      </p>
      <Knob id="prompt" />
      <ModelStatus />
      <EngineError error={error} />
      <Notes notes={choice.notes} />
      {result && (
        <div aria-busy={isComputing} className="att-step-body">
          <CutNotice cut={result.cut} kept={T} />
          <HeadGrid weights={result.weights} nLayer={result.nLayer} nHead={result.nHead} labels={labels} selected={{ layer, head }} onSelect={choice.choose} />
          <Heatmap
            title={`Layer ${layer + 1}, head ${head + 1}, enlarged`}
            source={{ kind: 'live' }}
            values={headMap(result.weights, result.nHead, T, layer, head)}
            rows={T}
            columns={T}
            rowLabels={labels}
            columnLabels={labels}
            mask={mask}
            kind="sequential"
            concept="attention"
            valueLabel="weight"
            description={`Attention weights of layer ${layer + 1}, head ${head + 1} on your text`}
            rowTitle="query"
            columnTitle="key"
            domain={[0, 1]}
            caption="Each row sums to 1. Grey, struck-through cells are masked: the model may not look ahead, so they hold exactly 0."
          />
          <Arcs
            title={`Where “${labels[query] ?? ''}” looks in layer ${layer + 1}, head ${head + 1}`}
            source={{ kind: 'live' }}
            tokens={result.tokens}
            weights={headMap(result.weights, result.nHead, T, layer, head)}
            selected={query}
            onSelect={choose}
            caption="Pick any token to see its arcs: thicker arcs carry more weight. A token can only look left, at itself and earlier tokens."
          />
        </div>
      )}
    </>
  );
}
