// The decoding rules on the reader's prompt: the next-token distribution after temperature (before any cut) beside
// the one the draw is made from, after greedy / top-k / top-p / min-p cut tokens and the rest are renormalised.
import { useMemo } from 'react';
import { Knob } from '../../components/Knob';
import { Term } from '../../components/Term';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { Bars, formatPercent } from '../../viz/Bars';
import { decodingOf } from './useBranch';

const shown = 15;
const cutNames = { kept: '', greedy: 'greedy', topK: 'top-k', topP: 'top-p', minP: 'min-p' } as const;

export function DecodeStep() {
  const text = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const key = useStore((s) => s.activeKey);
  const decoding = useStore((s) => JSON.stringify(decodingOf(s.knobs)));
  const params = useMemo(() => ({ key, text, seed, topCount: shown, ...JSON.parse(decoding) as ReturnType<typeof decodingOf> }), [key, text, seed, decoding]);
  const { result, error, isComputing } = useEngineQuery('inspect', params);
  const d = result?.distribution;

  return (
    <>
      <p>
        Before the draw, the model's <Term concept="probability">probabilities</Term> are reshaped. <em>Temperature</em>{' '}
        sharpens them (below 1) or flattens them (above 1). Then up to three rules cut unlikely tokens: <em>top-k</em>{' '}
        keeps the k likeliest, <em>top-p</em> the fewest whose probabilities reach p, <em>min-p</em> those at least a
        fraction of the favourite's. The survivors are scaled back up to 100%, and the seed draws one. Greedy skips
        all of it and takes the favourite. These settings also drive the previous step's generation.
      </p>
      <Knob id="greedy" />
      <Knob id="temperature" />
      <Knob id="topK" />
      <Knob id="topP" />
      <Knob id="minP" />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && d && !error && (
        <div className="decoding-figures" aria-busy={isComputing}>
          <p role="status" data-testid="decoding-summary">
            {d.summary.kept} of {d.summary.vocabSize} tokens can be drawn; before renormalising they held{' '}
            {formatPercent(d.summary.keptMass)} of the probability. The seed draws “{result.chosen.label}”.
          </p>
          <Bars
            title="Before the cuts: after temperature"
            source={{ kind: 'live' }}
            items={d.top.map((t) => ({ id: t.id, label: t.label, value: t.tempered }))}
            listLabel="Before the cuts"
            valueLabel="probability after temperature"
            maxValue={1}
          />
          <Bars
            title="After the cuts, renormalised: what the draw uses"
            source={{ kind: 'live' }}
            items={d.top.map((t) => ({ id: t.id, label: t.label, value: t.probability, isCut: t.cut !== 'kept' }))}
            listLabel="After the cuts"
            valueLabel="probability when drawn"
            markedId={result.chosen.id}
            maxValue={1}
            caption={cutCaption(d.top.map((t) => t.cut))}
          />
        </div>
      )}
    </>
  );
}

/** "Cut here: 3 by top-k, 2 by min-p." for the tokens shown. */
function cutCaption(cuts: readonly (keyof typeof cutNames)[]): string {
  const counts = new Map<string, number>();
  for (const c of cuts) if (c !== 'kept') counts.set(cutNames[c], (counts.get(cutNames[c]) ?? 0) + 1);
  if (counts.size === 0) return `None of the ${cuts.length} likeliest tokens is cut.`;
  return `Of the ${cuts.length} likeliest tokens, cut (greyed): ${[...counts].map(([rule, n]) => `${n} by ${rule}`).join(', ')}.`;
}
