// Lookup, with the real numbers: each of the reader's tokens picks its row of the model's token table, the model
// adds its position's vector, and the sum is what the first block reads. Three heat maps of the same tokens.
import { useMemo } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { Term } from '../../../components/Term';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { Heatmap } from '../../../viz/Heatmap';
import { EngineNotice } from '../EngineNotice';

const positionWords: Record<string, string> = {
  learned: 'a learned row of the position table (wpe), one per position',
  sinusoidal: 'fixed sine and cosine waves, one pattern per position',
  rope: 'nothing here: RoPE rotates queries and keys inside attention instead',
  none: 'nothing: this model is given no positions at all',
};

export function LookupStep() {
  const text = useStore((s) => s.knobs.prompt);
  const key = useStore((s) => s.activeKey);
  const params = useMemo(() => (text ? { key, text } : null), [key, text]);
  const { result, error } = useEngineQuery('embeddingLookup', params);
  const labels = result?.tokens.map((t, i) => `${i} ${t.label}`) ?? [];
  const columns = useMemo(() => Array.from({ length: result?.width ?? 0 }, (_, c) => String(c)), [result?.width]);
  const map = (title: string, values: Float32Array, caption: string, concept: 'vector' | 'position') =>
    result && (
      <Heatmap
        title={title}
        source={{ kind: 'live' }}
        caption={caption}
        values={values}
        rows={result.tokens.length}
        columns={result.width}
        rowLabels={labels}
        columnLabels={columns}
        rowTitle="token"
        columnTitle="dimension"
        kind="diverging"
        concept={concept}
        valueLabel="value"
        description={`${title}: ${result.tokens.length} tokens by ${result.width} dimensions`}
        cellHeight={Math.max(8, Math.min(22, Math.floor(360 / result.tokens.length)))}
      />
    );

  return (
    <>
      <p>
        A model cannot do arithmetic on words. So its first act is a lookup: each token id picks one row of a table, a
        list of numbers called its <Term concept="vector">embedding</Term>. Type something and see the actual numbers
        your model uses.
      </p>
      <Knob id="prompt" />
      <ModelStatus />
      {text === '' && <p className="notice">Type at least one character: an empty text has no tokens to look up.</p>}
      <EngineNotice error={text ? error : null} />
      {result && (
        <>
          <p data-testid="lookup-summary">
            {result.tokens.length} token{result.tokens.length === 1 ? '' : 's'}, each a vector of{' '}
            <strong>{result.width} numbers</strong> ({result.width} dimensions). A point in a space of {result.width}{' '}
            dimensions: only a computer can “see” it, but it can measure which points are near each other.
            {result.droppedTokens > 0 && ` The first ${result.droppedTokens} tokens did not fit the model's context and were left out.`}
          </p>
          {map('Token vectors: one row of the token table per token', result.token,
            'The same token always gets the same row, wherever it stands: compare two copies of one token.', 'vector')}
          <p>
            Position: this model adds <strong>{positionWords[result.positional] ?? result.positional}</strong>.
          </p>
          {result.position &&
            map('Position vectors: one per place in the text', result.position,
              'Row 0 belongs to whichever token comes first, row 1 to the second, and so on.', 'position')}
          {map('Token + position: what the first block reads', result.sum,
            result.position ? 'Each row is the sum of the two rows above it, number by number.' : 'With no position vectors, this is the token table itself.', 'vector')}
        </>
      )}
    </>
  );
}
