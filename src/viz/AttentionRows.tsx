// Where one token looks: for each layer, the prompt's tokens shaded by the attention weight the focused token
// gives them (averaged over heads; the layer's strongest at full colour), with the strongest one named in words
// and its share in per cent. Later tokens are faded: a token can only look back.
import { memo } from 'react';
import type { FigureTable } from './figureData';
import { FigureFrame } from './FigureFrame';
import type { FrameProps } from './figureProps';
import { TokenStrip, type StripToken } from './TokenStrip';

interface AttentionRowsProps extends FrameProps {
  tokens: readonly StripToken[];
  /** Per layer, (T, T) weights, row t = where token t looks. */
  layers: readonly Float32Array[];
  focus: number;
}

export const AttentionRows = memo(function AttentionRows({ tokens, layers, focus, ...frame }: AttentionRowsProps) {
  const T = tokens.length;
  return (
    <FigureFrame {...frame} table={() => attentionRowsTable(tokens, layers, focus)}>
      <div className="attention-rows">
        {layers.map((weights, layer) => {
          const row = tokens.map((_, j) => (j <= focus ? weights[focus * T + j] : undefined));
          let strongest = 0;
          for (let j = 1; j <= focus; j++) if ((row[j] ?? 0) > (row[strongest] ?? 0)) strongest = j;
          return (
            <div key={layer} className="attention-row">
              <p className="attention-row-title">
                Layer {layer + 1}: looks most at <q className="token-quote">{tokens[strongest].label}</q>{' '}
                ({((row[strongest] ?? 0) * 100).toFixed(0)}%{strongest === focus ? ', itself' : ''})
              </p>
              <TokenStrip tokens={tokens} label={`Attention of layer ${layer + 1}`} weights={row} fullWeight={row[strongest] ?? 1} showIds={false} />
            </div>
          );
        })}
      </div>
    </FigureFrame>
  );
});

/** One row per layer and earlier token: the weight the focused token gives it. */
export function attentionRowsTable(tokens: readonly StripToken[], layers: readonly Float32Array[], focus: number): FigureTable {
  const T = tokens.length;
  const rows: (string | number)[][] = [];
  layers.forEach((weights, layer) => {
    for (let j = 0; j <= focus; j++) rows.push([layer + 1, j + 1, tokens[j].label, weights[focus * T + j]]);
  });
  return { columns: ['layer', 'position', 'token', `weight from “${tokens[focus]?.label ?? ''}”`], rows };
}
