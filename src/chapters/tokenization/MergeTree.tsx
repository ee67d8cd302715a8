// A token unwound into the merges that made it, as nested lists down to single bytes: each merged token says its id
// and its rank (the order in which training made it); each byte says its value. Indentation and lines show the tree;
// the words say it too, so it reads without sight.
import type { ResultOf } from '../../workers/protocol';
import { FigureFrame } from '../../viz/FigureFrame';

export type TreeNode = ResultOf<'unwindToken'>;

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

export function MergeTree({ tree, tokenizerName }: { tree: TreeNode; tokenizerName: string }) {
  const merges = countMerges(tree);
  return (
    <FigureFrame
      title={`“${tree.label}” unwound to bytes`}
      source={{ kind: 'live' }}
      caption={`${tokenizerName}'s token ${tree.id} is ${tree.bytes.length} ${tree.bytes.length === 1 ? 'byte' : 'bytes'} joined by ${merges} ${merges === 1 ? 'merge' : 'merges'}. A lower rank was learned earlier: every part ranks below the token it makes.`}
      table={() => ({
        columns: ['depth', 'token', 'id', 'merge rank', 'bytes (hex)'],
        rows: flatten(tree).map(({ node, depth }) => [depth, node.label, node.id, node.rank ?? '', node.bytes.map(hex).join(' ')]),
      })}
    >
      <ul className="tok-tree" aria-label={`Merge tree of ${tree.label}`}>
        <TreeItem node={tree} />
      </ul>
    </FigureFrame>
  );
}

function TreeItem({ node }: { node: TreeNode }) {
  return (
    <li>
      <span className="token-quote tok-tree-label">{node.label}</span>{' '}
      <span className="tok-tree-meta">
        {node.rank === null
          ? node.bytes.length === 1
            ? `byte 0x${hex(node.bytes[0])}, id ${node.id}`
            : `id ${node.id}, not made by a merge`
          : `id ${node.id}, merge rank ${node.rank.toLocaleString('en')}`}
      </span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child, k) => (
            <TreeItem key={k} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

function countMerges(node: TreeNode): number {
  return node.children.length === 0 ? 0 : 1 + node.children.reduce((n, c) => n + countMerges(c), 0);
}

function flatten(node: TreeNode, depth = 0): { node: TreeNode; depth: number }[] {
  return [{ node, depth }, ...node.children.flatMap((c) => flatten(c, depth + 1))];
}
