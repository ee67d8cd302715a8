// RoPE on one pair of dimensions: a query at position m and a key at position n, each turned by its position times
// the pair's frequency θᵢ. Slide both positions together and the angle between them, and so their dot product
// (the attention score's share from this pair), stays the same: only the distance m − n counts.
import { useState } from 'react';
import { FigureFrame } from '../../../viz/FigureFrame';
import { useVizTheme } from '../../../viz/theme';
import { dot, ropeTheta, rotate } from '../rope';

const query: [number, number] = [1, 0.25];
const key: [number, number] = [0.8, 0.55];

export function RopeFigure({ headSize }: { headSize: number }) {
  const theme = useVizTheme();
  const [m, setM] = useState(5);
  const [n, setN] = useState(2);
  const [pair, setPair] = useState(0);
  const pairs = Math.max(1, Math.floor(headSize / 2));
  const i = Math.min(pair, pairs - 1);
  const theta = ropeTheta(i, headSize);
  const q = rotate(query, m * theta), k = rotate(key, n * theta);
  const score = dot(q, k), unrotated = dot(query, key);
  const shifted = dot(rotate(query, (m + 10) * theta), rotate(key, (n + 10) * theta));
  const size = theme.fontSize * 16, r = size * 0.4, c = size / 2; // grows with the type (projector mode)
  const tip = ([x, y]: [number, number]) => [c + r * x, c - r * y] as const;
  const arrow = (v: [number, number], colour: string, label: string) => {
    const [x, y] = tip(v);
    return (
      <g>
        <line x1={c} y1={c} x2={x} y2={y} stroke={colour} strokeWidth={3} />
        <circle cx={x} cy={y} r={5} fill={colour} />
        <text x={x + 6} y={y - 6} fill={theme.page.text} fontSize={theme.fontSize}>{label}</text>
      </g>
    );
  };
  return (
    <FigureFrame
      title="RoPE: a query and a key turned by their positions"
      source={{ kind: 'live' }}
      caption={`Pair ${i} of ${pairs} in a head of ${headSize} dimensions turns by θ = 10000^(−2·${i}/${headSize}) = ${theta.toPrecision(3)} radians per position. Computed in the page from the formula, for one query and one key.`}
      table={() => ({
        columns: ['query position m', 'key position n', 'θ', 'query angle', 'key angle', 'q·k rotated', 'q·k unrotated', 'q·k at m+10, n+10'],
        rows: [[m, n, theta, m * theta, n * theta, score, unrotated, shifted]],
      })}
    >
      <div className="emb-rope">
        <svg width={size} height={size} role="img" aria-label={`Query turned by ${(m * theta).toFixed(2)} radians, key by ${(n * theta).toFixed(2)}; their dot product is ${score.toFixed(3)}.`}>
          <circle cx={c} cy={c} r={r} fill="none" stroke={theme.page.rule} />
          <line x1={c - r} y1={c} x2={c + r} y2={c} stroke={theme.page.rule} />
          <line x1={c} y1={c - r} x2={c} y2={c + r} stroke={theme.page.rule} />
          {arrow(q, theme.colour('attention'), 'q')}
          {arrow(k, theme.colour('position'), 'k')}
        </svg>
        <div className="emb-sliders">
          <label>
            Query position m: {m}{' '}
            <input type="range" min={0} max={64} value={m} onChange={(e) => setM(Number(e.target.value))} />
          </label>
          <label>
            Key position n: {n}{' '}
            <input type="range" min={0} max={64} value={n} onChange={(e) => setN(Number(e.target.value))} />
          </label>
          <label>
            Pair of dimensions: {i}{' '}
            <input type="range" min={0} max={pairs - 1} value={i} onChange={(e) => setPair(Number(e.target.value))} />
          </label>
          <p data-testid="rope-readout">
            Angle between them: ({m} − {n}) × θ = {((m - n) * theta).toFixed(3)} rad. Score q·k = <strong>{score.toFixed(4)}</strong>;
            move both 10 places on and it is {shifted.toFixed(4)}: the same, because only m − n = {m - n} matters.
          </p>
        </div>
      </div>
    </FigureFrame>
  );
}
