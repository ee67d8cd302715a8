// The frame every figure sits in: a title, where its numbers come from (computed live, precomputed by a named
// command, an estimate, or sample data), a caption, and the numbers themselves for readers who cannot see the
// figure or want to take it away: a data table behind a toggle, copy as CSV, download as CSV or JSON.
import { useId, useState, type ReactNode } from 'react';
import { DataTable } from './DataTable';
import { downloadText, fileNameFor, toCsv, toJson, type FigureTable } from './figureData';
import './viz.css';

/** Where a figure's numbers come from; shown on the figure, so nothing canned passes for live. */
export type FigureSource =
  | { kind: 'live' }
  | { kind: 'precomputed'; command: string }
  | { kind: 'estimate'; assumptions: string }
  | { kind: 'sample' };

interface FigureFrameProps {
  title: string;
  source: FigureSource;
  /** The figure's numbers; called only when the reader opens the table or takes the numbers. */
  table: () => FigureTable;
  caption?: ReactNode;
  /** Rows shown in the page's table (the downloads always hold every row). */
  maxTableRows?: number;
  children: ReactNode;
}

export function FigureFrame({ title, source, table, caption, maxTableRows = 200, children }: FigureFrameProps) {
  const id = useId();
  const [isTableOpen, setTableOpen] = useState(false);
  const [status, setStatus] = useState('');
  const fileName = fileNameFor(title);

  const copyCsv = async () => {
    const text = toCsv(table());
    try {
      if (!navigator.clipboard) throw new Error('this browser gives the page no clipboard');
      await navigator.clipboard.writeText(text);
      setStatus('Copied the numbers as CSV.');
    } catch (e) {
      setStatus(`Could not copy (${(e as Error).message}); “Download CSV” gives the same numbers as a file.`);
    }
  };

  return (
    <figure className="viz-figure" aria-labelledby={`${id}-title`}>
      <div className="viz-figure-head">
        <p className="viz-figure-title" id={`${id}-title`}>
          {title}
        </p>
        <SourceLabel source={source} />
      </div>
      {children}
      {caption && <figcaption className="viz-figure-caption">{caption}</figcaption>}
      <div className="viz-figure-tools">
        <button type="button" aria-expanded={isTableOpen} aria-controls={`${id}-table`} onClick={() => setTableOpen((o) => !o)}>
          {isTableOpen ? 'Hide the numbers' : 'Show the numbers'}
        </button>
        <button type="button" onClick={() => void copyCsv()}>
          Copy CSV
        </button>
        <button type="button" onClick={() => downloadText(`${fileName}.csv`, toCsv(table()), 'text/csv')}>
          Download CSV
        </button>
        <button type="button" onClick={() => downloadText(`${fileName}.json`, toJson(table()), 'application/json')}>
          Download JSON
        </button>
        <span role="status" className="viz-figure-status">
          {status}
        </span>
      </div>
      <div id={`${id}-table`} hidden={!isTableOpen}>
        {isTableOpen && <DataTable table={table()} caption={title} maxRows={maxTableRows} />}
      </div>
    </figure>
  );
}

export function SourceLabel({ source }: { source: FigureSource }) {
  switch (source.kind) {
    case 'live':
      return <span className="viz-source" data-kind="live">computed live</span>;
    case 'precomputed':
      return (
        <span className="viz-source" data-kind="precomputed">
          precomputed: <code>{source.command}</code>
        </span>
      );
    case 'estimate':
      return <span className="viz-source" data-kind="estimate">estimate: {source.assumptions}</span>;
    case 'sample':
      return <span className="viz-source" data-kind="sample">sample data</span>;
  }
}
