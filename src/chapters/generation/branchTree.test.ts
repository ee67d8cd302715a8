import { describe, expect, it } from 'vitest';
import { columnWidths, layoutTree, pathsAfterWalking, type GenerationPath } from './branchTree';

const path = (ids: number[]): GenerationPath => ({ ids, labels: ids.map((i) => 'x'.repeat(i % 4 + 1)) });

describe('the generation tree', () => {
  it('starts each path not taken under the step where it parts from the rows above', () => {
    const rows = layoutTree(path([1, 2, 3, 4]), [path([1, 5, 6]), path([1, 5, 7, 8]), path([9])]);
    expect(rows.map((r) => [r.start, r.parent])).toEqual([[0, -1], [1, 0], [2, 1], [0, 0]]);
  });

  it('makes each column as wide as its longest token, so branches line up under their step', () => {
    const rows = layoutTree(path([1, 2]), [path([1, 3])]); // labels: 'xx', 'xxx' / 'xx', 'xxxx'
    expect(columnWidths(rows)).toEqual([4, 6]);
  });

  it('keeps a path the reader leaves, unless the walked path or a kept one already holds it', () => {
    const a = path([1, 2, 3]);
    expect(pathsAfterWalking([], a, [1, 5]).map((p) => p.ids)).toEqual([[1, 2, 3]]);
    // Walking back along a kept path: it is now walked, and the path left becomes the one not taken.
    const kept = pathsAfterWalking([a], path([1, 5]), [1, 2]);
    expect(kept.map((p) => p.ids)).toEqual([[1, 2, 3], [1, 5]]);
    const fully = pathsAfterWalking([a], path([1, 5]), [1, 2, 3]);
    expect(fully.map((p) => p.ids)).toEqual([[1, 5]]);
    // Leaving a prefix of the new walk keeps nothing new; an empty path is nothing to keep.
    expect(pathsAfterWalking([], path([1]), [1, 4])).toEqual([]);
    expect(pathsAfterWalking([], path([]), [4])).toEqual([]);
  });
});
