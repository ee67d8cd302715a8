// The numbers behind a figure as one table (named columns, rows of values), and the two ways a reader takes them
// away: CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled) and JSON (one object
// per row, keyed by column name).

export type Cell = string | number | boolean | null;

export interface FigureTable {
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? formatNumberExact(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers keep every digit a float32 or float64 carries; non-finite ones are spelled out, never empty. */
function formatNumberExact(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
}

export function toCsv(table: FigureTable): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toJson(table: FigureTable): string {
  const records = table.rows.map((row) => {
    const record: Record<string, Cell | string> = {};
    table.columns.forEach((column, i) => {
      const value = row[i] ?? null;
      // JSON has no NaN or Infinity: keep them as strings rather than silently turning them into null.
      record[column] = typeof value === 'number' && !Number.isFinite(value) ? formatNumberExact(value) : value;
    });
    return record;
  });
  return JSON.stringify(records, null, 1);
}

/** A file name from a figure's title: "Loss, train vs validation" → "loss-train-vs-validation". */
export function fileNameFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'figure';
}

/** Offers `text` as a file download (browser only). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A number as a table shows it: up to four significant digits, no exponent below 1e-4 … 1e6. */
export function formatValue(value: Cell): string {
  if (typeof value !== 'number') return value === null ? '' : String(value);
  if (!Number.isFinite(value)) return formatNumberExact(value);
  if (value === 0 || Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
