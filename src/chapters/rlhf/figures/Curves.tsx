// A run's curves from its per-step records: one LineChart of the named fields, each series in its concept's colour.
// Null values (a held-out accuracy not measured at that step) leave gaps instead of zeros.
import { LineChart, type LineSeries, type ReferenceLine } from '../../../viz/LineChart';
import type { Concept } from '../../../viz/palette';

export interface CurveSpec<R> {
  id: string;
  label: string;
  concept: Concept;
  value: (record: R) => number | null;
  dashed?: boolean;
}

interface CurvesProps<R> {
  title: string;
  records: readonly R[];
  x: (record: R) => number;
  curves: readonly CurveSpec<R>[];
  xLabel: string;
  yLabel: string;
  planned: number;
  references?: readonly ReferenceLine[];
  caption?: string;
  /** Shown live, or as a run kept in the lab (still computed by the engine, earlier). */
  isStored?: boolean;
}

export function Curves<R>({ title, records, x, curves, xLabel, yLabel, planned, references, caption, isStored }: CurvesProps<R>) {
  const series: LineSeries[] = curves.map((c) => ({
    id: c.id, label: c.label, concept: c.concept, dashed: c.dashed,
    points: records.flatMap((r) => {
      const y = c.value(r);
      return y === null || !Number.isFinite(y) ? [] : [{ x: x(r), y }];
    }),
  }));
  return (
    <LineChart
      title={title}
      source={isStored ? { kind: 'precomputed', command: 'your own run, kept in the model lab' } : { kind: 'live' }}
      series={series}
      xLabel={xLabel}
      yLabel={yLabel}
      references={references}
      minXDomain={[0, planned]}
      caption={caption}
      height={200}
    />
  );
}
