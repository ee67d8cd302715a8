// Logits → probabilities as temperature changes: one curve per likely token, p(T) = softmax(logits / T), from the
// reader's own next-token logits. The vertical handle is the temperature: drag it, click the plot, or focus it and
// use the arrow keys; it moves the same knob as the slider. D3 computes the scales and paths; React draws them.
import { line, scaleLinear } from 'd3';
import { useMemo, type KeyboardEvent, type PointerEvent } from 'react';
import { Axis, continuousTicks } from '../../viz/Axis';
import { FigureFrame } from '../../viz/FigureFrame';
import { useVizTheme } from '../../viz/theme';
import { useElementWidth } from '../../viz/useElementWidth';
import { probabilitiesAt } from './temperature';

const maxT = 2;
const stepT = 0.05;
const grid = Array.from({ length: Math.round(maxT / stepT) + 1 }, (_, i) => Number((i * stepT).toFixed(2)));
const dashes = [undefined, '8 4', '2 4', '10 4 2 4', '4 4'];

interface Props {
  logits: ArrayLike<number>;
  /** The tokens to draw (most likely first), at most five. */
  tokens: readonly { id: number; label: string }[];
  temperature: number;
  onTemperature: (t: number) => void;
}

export function TemperatureCurve({ logits, tokens, temperature, onTemperature }: Props) {
  const theme = useVizTheme();
  const [plotRef, outerWidth] = useElementWidth<HTMLDivElement>(640, 900);
  const unit = theme.fontSize / 12;
  const margin = { top: 10 * unit, right: 16 * unit, bottom: 44 * unit, left: 52 * unit };
  const width = Math.max(120, outerWidth - margin.left - margin.right);
  const height = 240 * unit;
  const shown = useMemo(() => tokens.slice(0, dashes.length), [tokens]);

  // p_i(T) for every grid temperature, for the drawn tokens.
  const curves = useMemo(() => {
    const rows = grid.map((T) => probabilitiesAt(logits, T));
    return shown.map((t) => grid.map((T, i) => ({ T, p: rows[i][t.id] })));
  }, [logits, shown]);
  const now = probabilitiesAt(logits, temperature);

  const x = scaleLinear().domain([0, maxT]).range([0, width]);
  const y = scaleLinear().domain([0, 1]).range([height, 0]);
  const path = line<{ T: number; p: number }>().x((d) => x(d.T)).y((d) => y(d.p));
  const snap = (T: number) => Math.min(maxT, Math.max(0, Math.round(T / stepT) * stepT));

  const fromPointer = (event: PointerEvent<SVGRectElement>) => {
    if (event.type === 'pointermove' && event.buttons === 0) return;
    if (event.type === 'pointerdown') event.currentTarget.setPointerCapture?.(event.pointerId);
    const box = event.currentTarget.getBoundingClientRect();
    onTemperature(Number(snap(x.invert(event.clientX - box.left)).toFixed(2)));
  };
  const fromKey = (event: KeyboardEvent) => {
    const to = { ArrowLeft: temperature - stepT, ArrowDown: temperature - stepT, ArrowRight: temperature + stepT, ArrowUp: temperature + stepT, Home: 0, End: maxT, PageDown: temperature - 0.5, PageUp: temperature + 0.5 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    onTemperature(Number(snap(to).toFixed(2)));
  };

  return (
    <FigureFrame
      title="Temperature: logits in, probabilities out"
      source={{ kind: 'live' }}
      caption="Each curve is one token's probability as the temperature changes, from your prompt's logits. At 0 the likeliest token takes everything (greedy); as it rises the curves flatten towards 1 ÷ vocabulary size."
      table={() => ({
        columns: ['temperature', ...shown.map((t) => `p(${t.label})`)],
        rows: grid.map((T, i) => [T, ...curves.map((c) => c[i].p)]),
      })}
    >
      <ul className="viz-legend">
        {shown.map((t, i) => (
          <li key={t.id}>
            <svg width={28} height={10} aria-hidden="true">
              <line x1={0} x2={28} y1={5} y2={5} stroke={theme.colour('probability', 'ink')} strokeWidth={2.5} strokeDasharray={dashes[i]} />
            </svg>{' '}
            <span className="token-quote">{t.label}</span> (logit {logits[t.id].toFixed(2)})
          </li>
        ))}
      </ul>
      <div
        ref={plotRef}
        className="viz-plot"
        tabIndex={0}
        role="slider"
        aria-label="Temperature on the curve"
        aria-valuemin={0}
        aria-valuemax={maxT}
        aria-valuenow={temperature}
        aria-valuetext={`temperature ${temperature}: ${shown.map((t) => `${t.label} ${(100 * now[t.id]).toFixed(1)}%`).join(', ')}`}
        onKeyDown={fromKey}
      >
        <svg width={width + margin.left + margin.right} height={height + margin.top + margin.bottom} aria-hidden="true">
          <g transform={`translate(${margin.left},${margin.top})`}>
            <g transform={`translate(0,${height})`}>
              <Axis side="bottom" length={width} ticks={continuousTicks(x, Math.max(2, Math.floor(width / (60 * unit))))} title="temperature" />
            </g>
            <Axis side="left" length={height} ticks={continuousTicks(y, 5)} title="probability" titleOffset={margin.left - 12 * unit} />
            {curves.map((c, i) => (
              <path key={shown[i].id} d={path(c) ?? ''} fill="none" stroke={theme.colour('probability', 'ink')} strokeWidth={2.5} strokeDasharray={dashes[i]} />
            ))}
            <line x1={x(temperature)} x2={x(temperature)} y2={height} stroke={theme.page.text} strokeWidth={2} />
            {shown.map((t) => (
              <circle key={t.id} cx={x(temperature)} cy={y(now[t.id])} r={4.5 * unit} fill={theme.colour('probability')} stroke={theme.page.background} />
            ))}
            <text x={Math.min(width - 4, x(temperature) + 6)} y={12 * unit} fontSize={theme.fontSize} fill={theme.page.text} textAnchor={x(temperature) > width - 80 * unit ? 'end' : 'start'}>
              T = {temperature}
            </text>
            <rect width={width} height={height} fill="transparent" style={{ cursor: 'ew-resize', touchAction: 'none' }} onPointerDown={fromPointer} onPointerMove={fromPointer} />
          </g>
        </svg>
      </div>
      <p className="viz-readout" aria-live="polite" data-testid="temperature-readout">
        At temperature {temperature}: {shown.map((t) => `“${t.label}” ${(100 * now[t.id]).toFixed(1)}%`).join(', ')}.
      </p>
    </FigureFrame>
  );
}
