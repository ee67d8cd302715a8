// The model lab: everything the reader made, kept in this browser. The checkpoints as a family tree (one of
// them active for every chapter), tokenizers, ratings and runs, files in and out, and how much it all takes.
// An error boundary keeps a failure here from blanking the page and offers a way out (lab/LabErrorBoundary).
import { useStore } from '../state/store';
import { CheckpointTree } from './lab/CheckpointTree';
import { LabCollections } from './lab/LabCollections';
import { LabErrorBoundary } from './lab/LabErrorBoundary';
import { LabFiles } from './lab/LabFiles';
import { LabProblems } from './lab/LabProblems';
import { RewardModelList } from './lab/RewardModelList';
import { StorageUsage } from './lab/StorageUsage';
import './lab/lab.css';

export function ModelLabPanel({ id }: { id: string }) {
  const status = useStore((s) => s.labStatus);
  const message = useStore((s) => s.labMessage);
  return (
    <section id={id} className="panel lab-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Model lab</h2>
      <p>The active model computes every live figure in the book. What you make stays in this browser.</p>
      {status !== 'ready' && <p>{status === 'error' ? 'The model lab could not start.' : 'Loading…'}</p>}
      <LabErrorBoundary>
        <LabProblems />
        <CheckpointTree id={id} />
        <LabFiles />
        <LabCollections />
        <RewardModelList />
        <StorageUsage />
      </LabErrorBoundary>
      <p className={message?.isError ? 'notice notice-error' : 'lab-message'} role={message?.isError ? 'alert' : 'status'}>
        {typeof message?.text === 'string' ? message.text : ''}
      </p>
    </section>
  );
}
