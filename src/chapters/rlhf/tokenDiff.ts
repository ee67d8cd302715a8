// Which tokens of two samples are shared and which changed: a longest common subsequence over the token lists
// (samples are a few dozen tokens, so the O(n·m) table is nothing). Each token is marked kept or changed.

export interface DiffToken {
  text: string;
  changed: boolean;
}

/** Marks the tokens of `before` and of `after` that are not in their longest common subsequence. */
export function tokenDiff(before: readonly string[], after: readonly string[]): { before: DiffToken[]; after: DiffToken[] } {
  const n = before.length, m = after.length;
  const table = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = before[i] === after[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const keptBefore = new Array<boolean>(n).fill(false), keptAfter = new Array<boolean>(m).fill(false);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (before[i] === after[j]) {
      keptBefore[i++] = true;
      keptAfter[j++] = true;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return {
    before: before.map((text, i) => ({ text, changed: !keptBefore[i] })),
    after: after.map((text, j) => ({ text, changed: !keptAfter[j] })),
  };
}
