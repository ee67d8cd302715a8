// The lab's checkpoints as a family tree (lineage.ts): each model under the one it was trained from, so the
// reader sees base → sft → rlhf at a glance. One radio group chooses the active model.
import { useStore } from '../../state/store';
import type { LabCheckpoint } from '../../state/slices/lab';
import { CheckpointItem } from './CheckpointItem';
import { lineageTree, type LineageNode } from './lineage';
import { asText } from './display';

export function CheckpointTree({ id }: { id: string }) {
  const checkpoints = useStore((s) => s.checkpoints);
  const activeKey = useStore((s) => s.activeKey);
  const byKey = new Map(checkpoints.map((c) => [c.key, c]));
  const parentLabel = (c: LabCheckpoint) => (c.parent === null ? undefined : byKey.has(c.parent) ? asText(byKey.get(c.parent)!.label) : null);

  const renderNodes = (nodes: LineageNode[], isNested: boolean) => (
    <ul className={isNested ? 'checkpoint-list lab-children' : 'checkpoint-list'}>
      {nodes.map(({ checkpoint, children }) => (
        <CheckpointItem key={checkpoint.key} checkpoint={checkpoint} isActive={checkpoint.key === activeKey} parentLabel={parentLabel(checkpoint)} radioName={`${id}-active`}>
          {children.length > 0 && renderNodes(children, true)}
        </CheckpointItem>
      ))}
    </ul>
  );

  return (
    <fieldset>
      <legend>Active model — each model sits under the one it was trained from</legend>
      {renderNodes(lineageTree(checkpoints), false)}
    </fieldset>
  );
}
