// The lab's checkpoints as a family tree: each under the checkpoint it was trained from, oldest first. A parent
// that was deleted (or a loop in a crafted file) makes its child a root, so every checkpoint appears exactly once.
import type { LabCheckpoint } from '../../state/slices/lab';

export interface LineageNode {
  checkpoint: LabCheckpoint;
  children: LineageNode[];
}

export function lineageTree(checkpoints: LabCheckpoint[]): LineageNode[] {
  const nodes = new Map(checkpoints.map((c) => [c.key, { checkpoint: c, children: [] as LineageNode[] }]));
  const roots: LineageNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.checkpoint.parent === null ? undefined : nodes.get(node.checkpoint.parent);
    if (parent && !isAncestor(node.checkpoint.key, parent.checkpoint, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Whether `key` is `from` or one of its ancestors: attaching would close a loop. */
function isAncestor(key: string, from: LabCheckpoint, nodes: Map<string, LineageNode>): boolean {
  const seen = new Set<string>();
  for (let c: LabCheckpoint | undefined = from; c && !seen.has(c.key); c = c.parent ? nodes.get(c.parent)?.checkpoint : undefined) {
    if (c.key === key) return true;
    seen.add(c.key);
  }
  return false;
}
