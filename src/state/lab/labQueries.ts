// What a chapter asks the lab: the model that computes its figures, the newest model of a kind ("the model after
// fine-tuning"), and two models side by side (before and after). Plain reads of the store, usable in actions;
// in components select the same thing with useStore so the figure follows changes.
import type { LabCheckpoint } from '../slices/lab';
import { useStore, type AppState } from '../store';
import type { CheckpointKind } from './records';

/** The active checkpoint (undefined until the lab has started). */
export const selectCurrentModel = (s: AppState): LabCheckpoint | undefined => s.checkpoints.find((c) => c.key === s.activeKey);

/** The most recently made checkpoint of `kind`, or undefined when the reader has made none. */
export function selectLatestOfKind(s: AppState, kind: CheckpointKind): LabCheckpoint | undefined {
  let latest: LabCheckpoint | undefined;
  for (const c of s.checkpoints) if (c.kind === kind && (!latest || c.createdAt >= latest.createdAt)) latest = c;
  return latest;
}

export const currentModel = () => selectCurrentModel(useStore.getState());
export const latestOfKind = (kind: CheckpointKind) => selectLatestOfKind(useStore.getState(), kind);

export interface Comparison {
  a: LabCheckpoint;
  b: LabCheckpoint;
  /** Whether b descends from a (a is b's parent, grandparent…): "before" and "after" of one line of training. */
  isAncestor: boolean;
}

/** Two checkpoints side by side; throws if either is not in the lab. */
export function compare(keyA: string, keyB: string): Comparison {
  const { checkpoints } = useStore.getState();
  const find = (key: string) => {
    const c = checkpoints.find((x) => x.key === key);
    if (!c) throw new Error(`There is no checkpoint “${key}” in the lab.`);
    return c;
  };
  const a = find(keyA);
  const b = find(keyB);
  const seen = new Set<string>();
  let parent = b.parent;
  while (parent && !seen.has(parent) && parent !== a.key) {
    seen.add(parent);
    parent = checkpoints.find((c) => c.key === parent)?.parent ?? null;
  }
  return { a, b, isAncestor: parent === a.key };
}
