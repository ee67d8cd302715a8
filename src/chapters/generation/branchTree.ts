// The history of a generation as a tree: the path being walked plus every path the reader branched away from,
// each a list of token ids after the prompt. Laid out as rows: a row starts where it parts from the rows above it,
// and columns are as wide as their longest token, so a branch sits under the step it left from.

export interface GenerationPath {
  ids: number[];
  labels: string[];
}

export interface TreeRow {
  path: GenerationPath;
  /** First step this row draws (the steps before it are shared with `parent`). */
  start: number;
  /** Index of the row it branched from, or -1 for the walked path. */
  parent: number;
}

function sharedPrefix(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** The walked path first, then the others, each starting where it parts from the nearest row above it. */
export function layoutTree(current: GenerationPath, others: readonly GenerationPath[]): TreeRow[] {
  const rows: TreeRow[] = [{ path: current, start: 0, parent: -1 }];
  for (const path of others) {
    let start = 0, parent = 0;
    rows.forEach((r, j) => {
      const n = sharedPrefix(path.ids, r.path.ids);
      if (n > start) [start, parent] = [n, j];
    });
    rows.push({ path, start, parent });
  }
  return rows;
}

/** Width of each step's column, in characters: its longest token plus room for a border. */
export function columnWidths(rows: readonly TreeRow[]): number[] {
  const widths: number[] = [];
  for (const r of rows) r.path.labels.forEach((label, i) => (widths[i] = Math.max(widths[i] ?? 0, [...label].length + 2)));
  return widths;
}

export function isPrefixOf(a: readonly number[], b: readonly number[]): boolean {
  return a.length <= b.length && sharedPrefix(a, b) === a.length;
}

/**
 * The paths not taken after the reader leaves `left` to walk `walked` (ids): `left` is kept unless the walked path
 * or a kept path already contains it, and kept paths the walked one now contains (or `left` extends) go.
 */
export function pathsAfterWalking(others: readonly GenerationPath[], left: GenerationPath, walked: readonly number[]): GenerationPath[] {
  const kept = others.filter((o) => !isPrefixOf(o.ids, walked) && !isPrefixOf(o.ids, left.ids));
  if (left.ids.length === 0 || isPrefixOf(left.ids, walked) || kept.some((o) => isPrefixOf(left.ids, o.ids))) return kept;
  return [...kept, left];
}
