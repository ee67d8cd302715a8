// If anything in the lab panel fails to render, the reader gets a way out instead of a blank page: delete one
// checkpoint (the others stay), export the whole lab, reset to the shipped model, or try again. The rescue view
// reads only keys and labels, each forced to text, so it cannot fail the same way.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { deleteCheckpoint, resetToShipped } from '../../state/lab/labActions';
import { say } from '../../state/lab/labContext';
import { exportLab } from '../../state/lab/labTransfer';
import { useStore } from '../../state/store';
import { attempt, download } from './display';

function LabRescue({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const checkpoints = useStore((s) => s.checkpoints);
  const message = useStore((s) => s.labMessage);
  const act = (action: () => Promise<unknown>) => void attempt(action, (t) => say(t, true)).then(onRetry);
  return (
    <div className="notice notice-error" role="alert">
      <p>
        The model lab could not show its contents ({String(error?.message ?? error)}). Nothing you saved was changed. You can delete the
        checkpoint that causes it, keeping the others, or reset to the shipped model.
      </p>
      <ul className="checkpoint-list">
        {checkpoints
          .filter((c) => !c.isShipped)
          .map((c) => {
            const name = typeof c.label === 'string' ? c.label : String(c.key);
            return (
              <li key={String(c.key)}>
                <span>{name}</span>
                <button type="button" aria-label={`Delete ${name}`} onClick={() => act(() => deleteCheckpoint(c.key))}>
                  Delete
                </button>
              </li>
            );
          })}
      </ul>
      <p className="button-row">
        <button type="button" onClick={() => void attempt(async () => download(await exportLab()), (t) => say(t, true))}>
          Export the whole lab
        </button>
        <button type="button" onClick={() => act(resetToShipped)}>
          Reset to the shipped model (deletes your checkpoints)
        </button>
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      </p>
      {typeof message?.text === 'string' && <p>{message.text}</p>}
    </div>
  );
}

export class LabErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn('The model lab panel failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <LabRescue error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
