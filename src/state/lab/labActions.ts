// Model-lab actions: load the shipped model and the reader's saved checkpoints into the engine, add, import,
// export, delete, choose the active one, reset to the shipped model. Every new checkpoint is validated by the
// engine before it is stored, so a bad file gives a clear message and changes nothing.
import { MAX_CHECKPOINT_BYTES } from '../../engine/train/checkpoint';
import type { CheckpointSummary } from '../../workers/protocol';
import { engine } from '../engineConnection';
import { SHIPPED_KEY, type LabCheckpoint } from '../slices/lab';
import { useStore } from '../store';
import type { CheckpointStore, StoredCheckpoint } from './checkpointStore';

interface LabDeps {
  storage: CheckpointStore;
  fetchShipped: (onProgress: (loaded: number, total: number) => void) => Promise<ArrayBuffer>;
}

let deps: LabDeps | null = null;
let shippedBytes: ArrayBuffer | null = null;

export function configureLab(d: LabDeps): void {
  deps = d;
  shippedBytes = null;
}

function needDeps(): LabDeps {
  if (!deps) throw new Error('The model lab is not configured.');
  return deps;
}

const say = (text: string, isError = false) => useStore.setState({ labMessage: { text, isError } });

function entryOf(summary: CheckpointSummary, stored: Omit<StoredCheckpoint, 'bytes'> | null): LabCheckpoint {
  return {
    key: summary.key,
    label: stored?.label ?? 'Shipped base model',
    kind: stored?.kind ?? 'base',
    createdAt: stored?.createdAt ?? summary.meta.createdAt,
    isShipped: stored === null,
    summary,
  };
}

/** Loads the shipped model, then every saved checkpoint, into the engine; restores the active choice. */
export async function startLab(): Promise<void> {
  const { storage, fetchShipped } = needDeps();
  useStore.setState({ labStatus: 'loading', labProgress: { loaded: 0, total: 0 }, labMessage: null });
  let shipped: LabCheckpoint;
  try {
    const bytes = await fetchShipped((loaded, total) => useStore.setState({ labProgress: { loaded, total } }));
    const summary = await engine().call('loadCheckpoint', { key: SHIPPED_KEY, bytes });
    shippedBytes = bytes;
    shipped = entryOf(summary, null);
  } catch (error) {
    useStore.setState({ labStatus: 'error', labProgress: null });
    say(`The shipped model could not be loaded: ${(error as Error).message}`, true);
    return;
  }
  const checkpoints = [shipped];
  const problems: string[] = [];
  for (const stored of await storage.list()) {
    try {
      const summary = await engine().call('loadCheckpoint', { key: stored.key, bytes: stored.bytes });
      checkpoints.push(entryOf(summary, stored));
    } catch (error) {
      problems.push(`“${stored.label}” could not be loaded (${(error as Error).message})`);
    }
  }
  const savedActive = await storage.getSetting('active');
  const activeKey = checkpoints.some((c) => c.key === savedActive) ? savedActive! : SHIPPED_KEY;
  useStore.setState({ checkpoints, activeKey, labStatus: 'ready', labProgress: null });
  if (problems.length) say(problems.join('; '), true);
  else if (!storage.isPersistent) say('This browser does not let the book store data, so checkpoints you make last until you close the tab.');
}

/** Validates bytes in the engine, stores them, and adds them to the lab. Throws (and changes nothing) if invalid. */
export async function addCheckpoint(bytes: ArrayBuffer, label: string, kind: string): Promise<LabCheckpoint> {
  const { storage } = needDeps();
  const key = crypto.randomUUID();
  const summary = await engine().call('loadCheckpoint', { key, bytes });
  const stored: StoredCheckpoint = { key, label, kind, createdAt: new Date().toISOString(), bytes };
  try {
    await storage.put(stored);
  } catch (error) {
    await engine().call('unloadCheckpoint', { key });
    throw new Error(`it could not be saved in this browser (${(error as Error).message})`);
  }
  const entry = entryOf(summary, stored);
  useStore.setState((s) => ({ checkpoints: [...s.checkpoints, entry] }));
  return entry;
}

/** Imports a checkpoint file; reports success or a clear reason it was refused. Returns whether it was added. */
export async function importCheckpointFile(file: Blob & { name: string }): Promise<boolean> {
  if (file.size > MAX_CHECKPOINT_BYTES) {
    say(`“${file.name}” was not imported: at ${(file.size / 2 ** 20).toFixed(0)} MB it is larger than any checkpoint this book makes (${MAX_CHECKPOINT_BYTES / 2 ** 20} MB). Nothing was changed.`, true);
    return false;
  }
  try {
    const bytes = await file.arrayBuffer();
    const probe = await engine().call('loadCheckpoint', { key: '__import-check__', bytes });
    await engine().call('unloadCheckpoint', { key: '__import-check__' });
    const entry = await addCheckpoint(bytes, probe.meta.label || file.name, probe.meta.kind || 'imported');
    say(`Imported “${entry.label}” (${entry.summary.parameters.toLocaleString('en')} parameters).`);
    return true;
  } catch (error) {
    say(`“${file.name}” was not imported. ${(error as Error).message} Nothing was changed.`, true);
    return false;
  }
}

/** The checkpoint's file, for download. */
export async function exportCheckpoint(key: string): Promise<{ fileName: string; blob: Blob }> {
  const { storage } = needDeps();
  const entry = useStore.getState().checkpoints.find((c) => c.key === key);
  if (!entry) throw new Error(`no checkpoint "${key}"`);
  const bytes = entry.isShipped ? shippedBytes : (await storage.list()).find((c) => c.key === key)?.bytes;
  if (!bytes) throw new Error(`the file of “${entry.label}” is not available`);
  const fileName = `${entry.label.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'checkpoint'}.tbt`;
  return { fileName, blob: new Blob([bytes], { type: 'application/octet-stream' }) };
}

export async function setActiveCheckpoint(key: string): Promise<void> {
  if (!useStore.getState().checkpoints.some((c) => c.key === key)) return;
  useStore.setState({ activeKey: key });
  await needDeps().storage.setSetting('active', key);
}

export async function deleteCheckpoint(key: string): Promise<void> {
  const entry = useStore.getState().checkpoints.find((c) => c.key === key);
  if (!entry || entry.isShipped) return;
  await needDeps().storage.delete(key);
  await engine().call('unloadCheckpoint', { key });
  useStore.setState((s) => ({ checkpoints: s.checkpoints.filter((c) => c.key !== key) }));
  if (useStore.getState().activeKey === key) await setActiveCheckpoint(SHIPPED_KEY);
  say(`Deleted “${entry.label}”.`);
}

/** Deletes every checkpoint the reader made and makes the shipped model active again. */
export async function resetToShipped(): Promise<void> {
  for (const c of useStore.getState().checkpoints) if (!c.isShipped) await deleteCheckpoint(c.key);
  await setActiveCheckpoint(SHIPPED_KEY);
  say('Back to the shipped model; your checkpoints were deleted.');
}
