// Where one token's multiply-adds go in the reader's model: the embedding lookup, each layer's attention
// projections, attention over the context, the MLP, and the output head — with the KV cache and without it.
import { FigureFrame } from '../../viz/FigureFrame';
import { formatBig, type CostParts } from './costModel';

type Part = keyof Omit<CostParts, 'total'>;
/** Parts computed once per layer (the rest once per token). */
const perLayer: readonly Part[] = ['projections', 'attention', 'mlp'];

const rows: { part: Part; name: string; how: string }[] = [
  { part: 'embedding', name: 'Embedding', how: 'a lookup: one row of the token table plus one of the position table (additions only)' },
  { part: 'projections', name: 'Attention projections', how: 'q, k, v and the output projection: 4 × width² per layer' },
  { part: 'attention', name: 'Attention over the context', how: 'q·k for every visible position, then the weighted sum of the v’s' },
  { part: 'mlp', name: 'MLP', how: 'up to 4 × width and back: 8 × width² per layer' },
  { part: 'head', name: 'Output head', how: 'one score per vocabulary token: width × vocabulary' },
];

interface Props {
  cached: CostParts;
  recomputed: CostParts;
  position: number;
  layers: number;
}

export function CostBreakdown({ cached, recomputed, position, layers }: Props) {
  const largest = Math.max(1, ...rows.map((r) => recomputed[r.part]));
  return (
    <FigureFrame
      title={`Multiply-adds for the token after ${position} tokens`}
      source={{ kind: 'live' }}
      caption={`Counted from your model's shape (${layers} layers); “with the KV cache” is what the engine reported for this token.`}
      table={() => ({
        columns: ['part', 'with KV cache', 'without cache', 'how'],
        rows: [...rows.map((r) => [r.name, cached[r.part], recomputed[r.part], r.how]), ['Total', cached.total, recomputed.total, '']],
      })}
    >
      <table className="cost-breakdown" aria-label="Multiply-adds by part">
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">With KV cache</th>
            <th scope="col">Without cache</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.part}>
              <th scope="row">
                {r.name}
                <span className="cost-how">{r.how}</span>
              </th>
              <td>
                <span className="cost-bar" style={{ width: `${(100 * cached[r.part]) / largest}%` }} aria-hidden="true" />
                {formatBig(cached[r.part])}
                {perLayer.includes(r.part) && cached[r.part] > 0 && <span className="cost-how">{layers} layers × {formatBig(cached[r.part] / layers)}</span>}
              </td>
              <td>
                <span className="cost-bar cost-bar-recompute" style={{ width: `${(100 * recomputed[r.part]) / largest}%` }} aria-hidden="true" />
                {formatBig(recomputed[r.part])}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total</th>
            <td>{formatBig(cached.total)}</td>
            <td>{formatBig(recomputed.total)}</td>
          </tr>
        </tbody>
      </table>
    </FigureFrame>
  );
}
