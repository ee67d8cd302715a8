// A figure's numbers as an HTML table, the form screen readers navigate best. Long tables show their first rows
// and say how many more the downloads hold.
import { formatValue, type FigureTable } from './figureData';

interface DataTableProps {
  table: FigureTable;
  caption: string;
  maxRows: number;
}

export function DataTable({ table, caption, maxRows }: DataTableProps) {
  const shown = table.rows.slice(0, maxRows);
  const hidden = table.rows.length - shown.length;
  return (
    <div className="viz-table-scroll" tabIndex={0} role="region" aria-label={`The numbers: ${caption}`}>
      <table className="viz-table">
        <caption>
          {caption}
          {hidden > 0 && ` (the first ${shown.length} of ${table.rows.length} rows; the downloads hold them all)`}
        </caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, r) => (
            <tr key={r}>
              {row.map((value, c) => (
                <td key={c} data-numeric={typeof value === 'number' || undefined}>
                  {formatValue(value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
