// A slider for dimensions: 100 random vectors, their cosine similarities as a histogram and their distances as a
// contrast (farthest against nearest), computed in the page as the slider moves, beside the 1/√d baseline.
import { useMemo } from 'react';
import { Knob } from '../../../components/Knob';
import { useStore } from '../../../state/store';
import { Bars } from '../../../viz/Bars';
import { concentration, histogram } from '../concentration';

const bins = 20;

export function DimensionsStep() {
  const dims = useStore((s) => s.knobs.embDims);
  const result = useMemo(() => concentration(dims), [dims]);
  const counts = useMemo(() => histogram(result.cosines, bins), [result]);
  const distanceCounts = useMemo(() => histogram(result.relativeDistances, bins, [0, 2]), [result]);
  const pairs = result.cosines.length;
  return (
    <>
      <p>
        Our model's vectors have 128 numbers; large models use thousands. Space with that many dimensions behaves
        strangely. Take 100 random vectors and slide the dimensions up: in 2-D they point every which way, but in
        thousands of dimensions almost every pair is nearly at right angles (cosine near 0), and every point is about
        as far from every other. That is why “nearest” needs care, and why a model has room for so many directions.
      </p>
      <Knob id="embDims" />
      <p data-testid="dims-summary">
        In <strong>{dims}</strong> dimension{dims === 1 ? '' : 's'}: the cosine similarities of the {pairs.toLocaleString('en')}{' '}
        pairs spread by {result.cosineSpread.toFixed(3)} (the theory for random directions: 1/√{dims} ={' '}
        {(1 / Math.sqrt(dims)).toFixed(3)}). The farthest pair is {(result.farthest / result.nearest).toFixed(2)}× as far apart
        as the nearest (contrast {result.distanceContrast.toFixed(2)}).
      </p>
      <Bars
        title={`Cosine similarity of 100 random vectors in ${dims} dimensions`}
        source={{ kind: 'live' }}
        caption="Computed in your browser as the slider moves (seeded normal vectors, so the same dimension gives the same picture)."
        items={counts.map((n, i) => ({ id: i, label: `${(-1 + (2 * i) / bins).toFixed(1)} to ${(-1 + (2 * (i + 1)) / bins).toFixed(1)}`, value: n / pairs }))}
        listLabel="Share of pairs by cosine similarity"
        valueLabel="share of pairs"
        concept="vector"
      />
      <Bars
        title={`Distances between the same vectors, as a share of their mean, in ${dims} dimensions`}
        source={{ kind: 'live' }}
        caption="1 is the average distance. In many dimensions nearly every pair sits near 1: the nearest point is hardly nearer than the farthest."
        items={distanceCounts.map((n, i) => ({ id: i, label: `${(i / 10).toFixed(1)} to ${((i + 1) / 10).toFixed(1)}`, value: n / pairs }))}
        listLabel="Share of pairs by relative distance"
        valueLabel="share of pairs"
        concept="vector"
      />
    </>
  );
}
