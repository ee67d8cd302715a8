// How much the lab takes and whether the browser will keep it: navigator.storage.estimate() and persisted(),
// where the browser has them, and a button to ask for persistent storage (the browser may say no).
import { useEffect, useState } from 'react';
import { formatSize, storageEstimate } from '../../state/lab/labContext';
import { useStore } from '../../state/store';

interface Usage {
  estimate: { usage: number; quota: number } | null;
  /** true: kept until the reader clears it; false: the browser may clear it when space runs low; null: unknown. */
  isPersisted: boolean | null;
}

async function readUsage(): Promise<Usage> {
  const storage = globalThis.navigator?.storage;
  const isPersisted = storage?.persisted ? await storage.persisted().catch(() => null) : null;
  return { estimate: await storageEstimate(), isPersisted };
}

export function StorageUsage() {
  const isPersistent = useStore((s) => s.labIsPersistent);
  // Re-measured whenever the lab's contents change.
  const contents = useStore((s) => s.checkpoints.length + s.tokenizers.length + s.ratings.length + s.runs.length);
  const [usage, setUsage] = useState<Usage>({ estimate: null, isPersisted: null });
  const [wasDeclined, setDeclined] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    void readUsage().then((u) => isCurrent && setUsage(u));
    return () => {
      isCurrent = false;
    };
  }, [contents]);

  const askToKeep = async () => {
    const granted = await globalThis.navigator?.storage?.persist?.().catch(() => false);
    setDeclined(!granted);
    setUsage({ ...(await readUsage()), isPersisted: !!granted });
  };

  if (!isPersistent) return <p className="option-detail">Your lab lives in this tab’s memory only: export it to keep it.</p>;
  const { estimate, isPersisted } = usage;
  return (
    <p className="option-detail lab-storage">
      {estimate ? `This site stores ${formatSize(estimate.usage)} of the ${formatSize(estimate.quota)} the browser allows it. ` : ''}
      {isPersisted === true && 'The browser keeps it until you clear it.'}
      {isPersisted === false && wasDeclined && 'The browser may clear it when space runs low, and declined to promise otherwise: export the lab to keep a copy.'}
      {isPersisted === false && !wasDeclined && (
        <>
          The browser may clear it when space runs low.{' '}
          <button type="button" onClick={() => void askToKeep()}>
            Ask the browser to keep it
          </button>
        </>
      )}
    </p>
  );
}
