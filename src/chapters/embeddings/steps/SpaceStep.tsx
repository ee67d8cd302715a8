// The model's token embeddings as points: PCA to 2-D in the worker (with the variance it keeps), the nearest
// neighbours of one token by cosine similarity in the full space (guess first), a meter of how many of them the
// flat picture keeps near, and the same map for an untrained model of the same size.
import { useEffect, useMemo, useState } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { Term } from '../../../components/Term';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { Bars } from '../../../viz/Bars';
import { Scatter } from '../../../viz/Scatter';
import type { ResultOf } from '../../../workers/protocol';
import { mapDistortion } from '../distortion';
import { EngineNotice } from '../EngineNotice';
import { useUntrainedTwin } from '../useUntrainedTwin';

type MapResult = ResultOf<'embeddingMap'>;

const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

/** The map's points, the query's row and its neighbours' rows (found by their labels). */
function pointsOf(map: MapResult) {
  const points = map.labels.map((label, i) => ({ id: i, x: map.points[2 * i], y: map.points[2 * i + 1], label }));
  const rowOf = new Map(map.labels.map((l, i) => [l, i] as const));
  const queryRow = map.query ? rowOf.get(map.query.label) ?? -1 : -1;
  const neighbourRows = map.query?.neighbours.map((n) => rowOf.get(n.label) ?? -1).filter((r) => r >= 0) ?? [];
  return { points, queryRow, neighbourRows };
}

/** Three other tokens and the true nearest, in a fixed order that does not give the answer away. */
function choicesFor(map: MapResult): string[] {
  const nearest = map.query?.neighbours[0]?.label;
  if (!nearest || !map.query) return [];
  const taken = (l: string) => l === nearest || l === map.query!.label || map.query!.neighbours.some((n) => n.label === l);
  // Offer whole words where the vocabulary has them (a byte token such as \xFD makes a poor guess).
  const candidates = map.labels.filter((l) => !taken(l));
  const wordLike = candidates.filter((l) => /^␣?\p{L}{3,}$/u.test(l));
  const pool = wordLike.length >= 3 ? wordLike : candidates;
  const step = Math.max(1, Math.floor(pool.length / 4));
  // Spread over the vocabulary, shifted by the query so each query gets its own three.
  const shift = [...map.query.label].reduce((h, c) => (h * 31 + c.codePointAt(0)!) % 1_000_003, 7) % step;
  const others = [pool[step + shift], pool[2 * step + shift], pool[3 * step + shift]].filter(Boolean);
  return [...others, nearest].sort((a, b) => a.localeCompare(b));
}

export function SpaceStep() {
  const key = useStore((s) => s.activeKey);
  const query = useStore((s) => s.knobs.embQuery);
  const params = useMemo(() => ({ key, k: 2 as const, query: query || undefined, neighbours: 8 }), [key, query]);
  const { result, error } = useEngineQuery('embeddingMap', params);
  const twin = useUntrainedTwin();
  const twinParams = useMemo(() => (twin.twinKey ? { key: twin.twinKey, k: 2 as const, query: query || undefined, neighbours: 8 } : null), [twin.twinKey, query]);
  const random = useEngineQuery('embeddingMap', twinParams);
  const [guess, setGuess] = useState<string | null>(null);
  useEffect(() => setGuess(null), [query, key]);

  const choices = useMemo(() => (result ? choicesFor(result) : []), [result]);
  const isRevealed = guess !== null || !result?.query;

  return (
    <>
      <p>
        Each token's row is a point in a space of many dimensions. Training pushes tokens used in similar places to
        similar points. To look, we flatten the space to two dimensions with <Term concept="vector">PCA</Term>, which keeps
        the two directions along which the points spread most; that loses a lot, and the meter below says how much.
      </p>
      <Knob id="embQuery" />
      <ModelStatus />
      <EngineNotice error={error} />
      {result?.query && result.query.label.replace(/␣/g, ' ') !== query && (
        <p className="notice" data-testid="query-note">
          “{query}” is more than one token (or spelled otherwise) for this model; the map looks around its first token,
          “{result.query.label}”.
        </p>
      )}
      {result?.query && !guess && choices.length > 1 && (
        <fieldset className="emb-guess">
          <legend>Before you look: which token is nearest to “{result.query.label}” in the model's full space?</legend>
          <div className="button-row">
            {choices.map((c) => (
              <button key={c} type="button" onClick={() => setGuess(c)}>
                <span className="token-quote">{c}</span>
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {result && isRevealed && <SpaceMap map={result} guess={guess} title="Your model's token embeddings" />}
      {result && isRevealed && (
        <section aria-label="Compare with an untrained model">
          <h3>Is the structure learned?</h3>
          <p>
            An untrained model of the same size has random rows. If the neighbours above make sense and these do not, the
            model learned them from text.
          </p>
          {!twin.twinKey && twin.refusal && <p data-testid="twin-refused">{twin.refusal}</p>}
          {!twin.twinKey && !twin.refusal && (
            <button type="button" onClick={twin.make} disabled={twin.isMaking}>
              {twin.isMaking ? 'Making an untrained model…' : 'Compare with an untrained model of the same size'}
            </button>
          )}
          {twin.twinLabel && (
            <p data-testid="twin-kept">
              Kept in the model lab as “{twin.twinLabel}”, beside the model it copies, so it is here again after a reload;
              delete it there when you are done with it.
            </p>
          )}
          <EngineNotice error={twin.error ?? random.error} />
          {random.result && <SpaceMap map={random.result} guess={null} title="An untrained model's token embeddings (random)" />}
        </section>
      )}
    </>
  );
}

function SpaceMap({ map, guess, title }: { map: MapResult; guess: string | null; title: string }) {
  const { points, queryRow, neighbourRows } = useMemo(() => pointsOf(map), [map]);
  const meter = queryRow >= 0 && neighbourRows.length > 0 ? mapDistortion(map.points, queryRow, neighbourRows) : null;
  const nearest = map.query?.neighbours[0];
  const explained = map.explained.reduce((a, b) => a + b, 0);
  return (
    <div className="emb-map">
      {guess && nearest && (
        <p role="status" data-testid="space-verdict">
          {guess === nearest.label
            ? `Right: “${nearest.label}” is nearest, with cosine similarity ${nearest.similarity.toFixed(3)}.`
            : `The nearest is “${nearest.label}” (cosine similarity ${nearest.similarity.toFixed(3)}), not “${guess}”.`}
        </p>
      )}
      <Scatter
        title={title}
        source={{ kind: 'live' }}
        caption={`${points.length} tokens. The two axes keep ${percent(explained)} of the spread of the points (PC 1: ${percent(map.explained[0] ?? 0)}, PC 2: ${percent(map.explained[1] ?? 0)}); the rest is flattened away.`}
        points={points}
        xLabel="PC 1"
        yLabel="PC 2"
        labelIds={queryRow >= 0 ? [queryRow, ...neighbourRows] : []}
        arrows={queryRow >= 0 ? neighbourRows.slice(0, 3).map((to) => ({ from: queryRow, to })) : []}
      />
      {map.query && (
        <Bars
          title={`Nearest to “${map.query.label}” in the full space`}
          source={{ kind: 'live' }}
          items={map.query.neighbours.map((n, i) => ({ id: i, label: n.label, value: n.similarity }))}
          listLabel={`Nearest neighbours of ${map.query.label}`}
          valueLabel="cosine similarity"
          format={(v) => v.toFixed(3)}
          maxValue={1}
          concept="vector"
          caption="Cosine similarity: 1 means the same direction, 0 unrelated, −1 opposite."
        />
      )}
      {meter && (
        <p className="emb-meter" data-testid="distortion-meter">
          <strong>Distortion meter:</strong> {meter.kept} of these {meter.k} true neighbours are also among the {meter.k}{' '}
          nearest points on the flat map; on the map they rank {meter.ranks.join(', ')} by distance. A perfect picture would
          say {meter.k} of {meter.k} and 1 to {meter.k}.
        </p>
      )}
    </div>
  );
}
