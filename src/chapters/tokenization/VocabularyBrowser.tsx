// The trained BPE's vocabulary, searchable and sortable by merge order, length or frequency (how often its pair
// occurred when it was merged). Picking a row unwinds that token.
import { useId, useMemo, useState } from 'react';
import { FigureFrame } from '../../viz/FigureFrame';
import type { MergeRow, TrainedTokenizer } from './trainedTokenizer';

type SortBy = 'order' | 'length' | 'frequency';
const rowsShown = 40;

export function VocabularyBrowser({ trained, onUnwind }: { trained: TrainedTokenizer; onUnwind: (id: number) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [sortBy, setSortBy] = useState<SortBy>('order');
  const rows = useMemo(() => sortRows(trained.merges.filter((m) => m.label.toLowerCase().includes(query.toLowerCase())), sortBy), [trained, query, sortBy]);
  const label = (tokenId: number) => trained.labels[tokenId] ?? `#${tokenId}`;

  return (
    <FigureFrame
      title="Your BPE's vocabulary"
      source={{ kind: 'live' }}
      caption={`${trained.merges.length} learned tokens after the 256 bytes; ${rows.length} match${query ? ` “${query}”` : ''}. ${rows.length > rowsShown ? `The first ${rowsShown} are listed; the table has all.` : ''}`}
      table={() => ({ columns: ['rank', 'token', 'id', 'left', 'right', 'count', 'length'], rows: rows.map((m) => [m.rank, m.label, m.id, label(m.pair[0]), label(m.pair[1]), m.count, labelLength(m.label)]) })}
    >
      <div className="tok-browser-controls">
        <div className="knob">
          <label htmlFor={`${id}-q`}>Search the vocabulary</label>
          <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
        </div>
        <div className="knob">
          <label htmlFor={`${id}-s`}>Sort by</label>
          <select id={`${id}-s`} value={sortBy} onChange={(e) => setSortBy(e.currentTarget.value as SortBy)}>
            <option value="order">merge order</option>
            <option value="length">length (longest first)</option>
            <option value="frequency">frequency (most first)</option>
          </select>
        </div>
      </div>
      <div className="tok-browser-scroll">
        <table className="tok-browser">
          <thead>
            <tr><th scope="col">rank</th><th scope="col">token</th><th scope="col">made of</th><th scope="col">count</th></tr>
          </thead>
          <tbody>
            {rows.slice(0, rowsShown).map((m) => (
              <tr key={m.rank}>
                <td>{m.rank}</td>
                <td>
                  <button type="button" className="token-quote" onClick={() => onUnwind(m.id)} aria-label={`Unwind ${m.label}, id ${m.id}`}>
                    {m.label}
                  </button>
                </td>
                <td>{label(m.pair[0])} + {label(m.pair[1])}</td>
                <td>{m.count.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </FigureFrame>
  );
}

function sortRows(rows: MergeRow[], by: SortBy): MergeRow[] {
  if (by === 'order') return rows;
  const key = by === 'length' ? (m: MergeRow) => labelLength(m.label) : (m: MergeRow) => m.count;
  return [...rows].sort((a, b) => key(b) - key(a) || a.rank - b.rank);
}

/** Length as the reader sees it: characters of the label (a \xNN byte counts as one). */
function labelLength(label: string): number {
  return Array.from(label.replace(/\\x[0-9A-F]{2}/g, '·')).length;
}
