// The generation's history drawn as a tree: the walked path on top, each path not taken on its own row starting
// under the step where the reader left it (↳). Every token is a button: on the walked path it opens that step; on a
// path not taken it walks that path back to there, so no branch is ever lost.
import { FigureFrame } from '../../viz/FigureFrame';
import { columnWidths, layoutTree, type GenerationPath } from './branchTree';

interface Props {
  current: GenerationPath;
  others: readonly GenerationPath[];
  selected: number;
  isDisabled: boolean;
  onSelect: (step: number) => void;
  /** Walk path `path` up to and including step `step`. */
  onFollow: (path: GenerationPath, step: number) => void;
}

export function BranchTree({ current, others, selected, isDisabled, onSelect, onFollow }: Props) {
  const rows = layoutTree(current, others);
  const widths = columnWidths(rows);
  const offset = (start: number) => widths.slice(0, start).reduce((sum, w) => sum + w, 0);
  return (
    <FigureFrame
      title="The generation as a tree"
      source={{ kind: 'live' }}
      caption="Top row: the path you are on. Each row below is a path not taken, drawn from the step where you left it. Pick any token on it to go back there."
      table={() => ({
        columns: ['row', 'walked', 'branches at step', 'tokens from there', 'ids'],
        rows: rows.map((r, i) => [i + 1, i === 0, r.start + 1, r.path.labels.slice(r.start).join(''), r.path.ids.join(',')]),
      })}
    >
      <div className="branch-tree-scroll">
        <ol className="branch-tree" aria-label="Generation tree">
          {rows.map((r, i) => (
            <li key={r.path.ids.join(',')} className={i === 0 ? 'branch-row branch-walked' : 'branch-row'} style={{ paddingLeft: `${2 + offset(r.start)}ch` }}>
              <span className="visually-hidden">{i === 0 ? 'Walked: ' : `From step ${r.start + 1}: `}</span>
              {i > 0 && (
                <span className="branch-marker" style={{ left: `${offset(r.start)}ch` }} aria-hidden="true">
                  ↳
                </span>
              )}
              {r.path.labels.slice(r.start).map((label, k) => {
                const step = r.start + k;
                const isWalked = i === 0;
                return (
                  <button
                    key={step}
                    type="button"
                    className="branch-token"
                    style={{ width: `${widths[step]}ch` }}
                    aria-pressed={isWalked ? step === selected : undefined}
                    aria-label={isWalked ? `Step ${step + 1}: ${label}` : `Go back to step ${step + 1}, “${label}”, on this path`}
                    disabled={!isWalked && isDisabled}
                    onClick={() => (isWalked ? onSelect(step) : onFollow(r.path, step))}
                  >
                    {label}
                  </button>
                );
              })}
            </li>
          ))}
        </ol>
      </div>
    </FigureFrame>
  );
}
