// Model-lab actions on checkpoints: load the shipped model and the reader's saved checkpoints into the engine,
// save one with its lineage, rename, delete, choose the active one, reset to the shipped model, and follow
// changes another tab makes. Every new checkpoint is validated by the engine before it is stored, so bad bytes
// give a clear message and change nothing. Tokenizers, ratings and runs: labCollections.ts; files: labTransfer.ts.
import type { CheckpointSummary } from '../../workers/protocol';
import { markSpan } from '../../engine/perfMark';
import { engine } from '../engineConnection';
import { SHIPPED_KEY, type LabCheckpoint } from '../slices/lab';
import { useStore } from '../store';
import { checkpointFile, describeWriteFailure, contentHash, keptFile, labDeps, LabError, say, setLabDeps, type LabDeps } from './labContext';
import { shippedEntry, storedEntry } from './labEntries';
import { recordSize, type StoredProblem } from './labStorage';
import { isLanguageModelRecord, normalizeKind, type CheckpointRecord, type LabStoreName, type LanguageModelRecord, type LossPoint } from './records';
import { listRewardModels } from './labRewardModels';
import { reloadCollection } from './labCollections';

let shippedBytes: ArrayBuffer | null = null;
let stopListening = () => {};

export function configureLab(d: LabDeps): void {
  stopListening();
  setLabDeps(d);
  shippedBytes = null;
  stopListening = d.storage.onOtherTabChange((store) => void followOtherTab(store));
}

/** The shipped model's file (for export and duplicate checks); null before startLab has fetched it. */
export const shippedModelBytes = () => shippedBytes;

const setProblems = (store: LabStoreName, problems: StoredProblem[]) =>
  useStore.setState((s) => ({ labProblems: [...s.labProblems.filter((p) => p.store !== store), ...problems] }));

/** The shipped model read into the engine: what the lab lists for it, and its file. */
export interface ShippedModel {
  entry: LabCheckpoint;
  bytes: ArrayBuffer;
}

/**
 * Downloads the shipped model and reads it into the engine. It needs no storage, so the app starts it before the
 * browser's storage is open (issue #17 goal 7: opening IndexedDB took 0.1–0.7 s on the shared 2-core machine) and
 * hands the promise to startLab.
 */
export async function loadShippedModel(fetchShipped: LabDeps['fetchShipped']): Promise<ShippedModel> {
  useStore.setState({ labStatus: 'loading', labModelReady: false, labProgress: { loaded: 0, total: 0 }, labMessage: null });
  const bytes = await fetchShipped(throttled((loaded, total) => useStore.setState({ labProgress: { loaded, total } })));
  // The hash (for duplicate checks) is computed while the engine reads the file: both sit on the first figure's path.
  const [summary, hash] = await Promise.all([engine().call('loadCheckpoint', { key: SHIPPED_KEY, bytes }), contentHash(bytes)]);
  return { entry: shippedEntry(summary, hash), bytes };
}

/**
 * On a first visit (`neverStored`: the browser holds no lab at all, so no saved choice) the figures may start with the
 * shipped model as soon as it is in the engine, before storage has even opened (0.2–0.9 s on the shared 2-core
 * machine). Anything else leaves the decision to startLab.
 */
export async function startFiguresEarly(shipped: Promise<ShippedModel>, neverStored: Promise<boolean | null>): Promise<void> {
  const [loaded, never] = await Promise.all([shipped, neverStored]).catch(() => [null, null] as const);
  if (!loaded || never !== true) return;
  useStore.setState((s) => (s.labModelReady ? {} : {
    checkpoints: s.checkpoints.some((c) => c.isShipped) ? s.checkpoints : [loaded.entry, ...s.checkpoints],
    activeKey: SHIPPED_KEY, labModelReady: true, labProgress: null,
  }));
}

/**
 * Loads the shipped model (or takes the load started early), then every saved checkpoint and collection; restores
 * the active choice. Figures may start (labModelReady) as soon as the model they must show is in the engine: at
 * once when the saved choice is the shipped model (or there is none), which is every first visit; otherwise only
 * once the listing has loaded the saved one, so no figure ever shows the shipped model's numbers first.
 */
export async function startLab(shippedEarly?: Promise<ShippedModel>): Promise<void> {
  const { storage, fetchShipped } = labDeps();
  const progress = useStore.getState().labProgress;
  useStore.setState({ labStatus: 'loading', labProgress: progress ?? { loaded: 0, total: 0 }, labMessage: null, labIsPersistent: storage.isPersistent });
  // The saved choice is read beside the download: it decides whether figures may start with the shipped model.
  const savedActive = markSpan('page: saved model choice read', storage.getSetting('active').catch(() => null));
  let shipped: LabCheckpoint;
  try {
    const loaded = await (shippedEarly ?? loadShippedModel(fetchShipped));
    shippedBytes = loaded.bytes;
    shipped = loaded.entry;
  } catch (error) {
    useStore.setState({ labStatus: 'error', labModelReady: false, labProgress: null });
    say(`The shipped model could not be loaded: ${(error as Error).message}`, true);
    return;
  }
  const saved = await savedActive;
  // One update, so the page renders once before the figures' first queries go out, not twice.
  const startsNow = !saved || saved === SHIPPED_KEY;
  useStore.setState(startsNow ? { checkpoints: [shipped], activeKey: SHIPPED_KEY, labModelReady: true, labProgress: null } : { checkpoints: [shipped] });
  await reloadCheckpoints();
  await Promise.all((['tokenizers', 'ratings', 'runs'] as const).map((s) => reloadCollection(s)));
  // The shipped model stays active if the saved one could not be read (a problem the lab lists) or was deleted.
  const activeKey = useStore.getState().checkpoints.some((c) => c.key === saved) ? saved! : SHIPPED_KEY;
  useStore.setState({ activeKey, labStatus: 'ready', labModelReady: true, labProgress: null });
  const { labProblems } = useStore.getState();
  if (labProblems.length) say(`${labProblems.length} saved item${labProblems.length > 1 ? 's' : ''} could not be read and ${labProblems.length > 1 ? 'were' : 'was'} skipped; the model lab lists them.`, true);
  else if (!storage.isPersistent) say(storage.fallbackReason ?? 'This browser does not let the book store data, so what you make lasts until you close the tab.');
}

/**
 * At most one progress update per 100 ms, and always the last: every network chunk (~64 KB) re-rendered whatever
 * shows the progress, on the main thread the first figure is waiting for.
 */
function throttled(report: (loaded: number, total: number) => void): (loaded: number, total: number) => void {
  let last = -Infinity;
  return (loaded, total) => {
    const now = performance.now();
    if (now - last < 100 && !(total > 0 && loaded >= total)) return;
    last = now;
    report(loaded, total);
  };
}

/**
 * Brings the lab's checkpoints in line with storage: loads new ones into the engine, drops deleted ones, takes
 * renamed labels. Used at start and when another tab changed the lab.
 */
async function reloadCheckpoints(): Promise<void> {
  const { storage } = labDeps();
  const { records, problems } = await storage.list('checkpoints');
  const loaded = new Map(useStore.getState().checkpoints.map((c) => [c.key, c]));
  const entries: LabCheckpoint[] = [];
  listRewardModels(records);
  for (const record of records.filter(isLanguageModelRecord)) {
    const known = loaded.get(record.key);
    try {
      const summary = known?.summary ?? (await engine().call('loadCheckpoint', { key: record.key, ...checkpointFile(record.bytes) }));
      const hash = record.hash || (await fillHash(record));
      entries.push(storedEntry(summary, { ...record, hash }));
    } catch (error) {
      problems.push({ store: 'checkpoints', key: record.key, reason: `the engine could not read it (${(error as Error).message})` });
    }
  }
  // Models kept in memory only were never stored, so storage not listing them does not mean they were deleted.
  const kept = new Set(entries.map((e) => e.key));
  for (const c of useStore.getState().checkpoints) if (!c.isShipped && !c.isMemoryOnly && !kept.has(c.key)) await engine().call('unloadCheckpoint', { key: c.key });
  for (const c of useStore.getState().checkpoints) if (c.isMemoryOnly) kept.add(c.key);
  useStore.setState((s) => ({
    checkpoints: [...s.checkpoints.filter((c) => c.isShipped), ...entries, ...s.checkpoints.filter((c) => c.isMemoryOnly)],
    activeKey: s.activeKey === SHIPPED_KEY || kept.has(s.activeKey) ? s.activeKey : SHIPPED_KEY,
  }));
  setProblems('checkpoints', problems);
}

/** Records from schema v1 have no hash; it is computed once and stored (best effort: a failure costs nothing). */
async function fillHash(record: CheckpointRecord): Promise<string> {
  const hash = await contentHash(record.bytes);
  await labDeps().storage.update('checkpoints', record.key, (r) => ({ ...r, hash })).catch(() => false);
  return hash;
}

// Another tab's writes are followed one at a time, so two quick messages never load the same checkpoint twice.
let following: Promise<void> = Promise.resolve();

function followOtherTab(store: LabStoreName | 'settings'): Promise<void> {
  const follow = async () => {
    if (useStore.getState().labStatus !== 'ready' || store === 'settings') return;
    if (store === 'checkpoints') await reloadCheckpoints();
    else await reloadCollection(store);
  };
  following = following.then(follow, follow);
  return following;
}

export interface Lineage {
  /** The checkpoint it was trained from. */
  parent?: string | null;
  /** The run's loss curve up to this checkpoint. */
  lossHistory?: LossPoint[];
  /** Keep it in the engine only, not in the browser's storage (gone when the tab closes). */
  isMemoryOnly?: boolean;
  /** The bytes' contentHash, when the caller computed it already (to look for a twin). */
  hash?: string;
}

/**
 * Validates a checkpoint file (its bytes, or a Blob of them) in the engine, stores it with its lineage, and adds them to the lab. Throws a LabError
 * (and changes nothing) if the engine refuses them or the browser cannot store them.
 * @example await addCheckpoint(result.bytes, 'Fine-tuned on my examples', 'sft', { parent: activeKey, lossHistory })
 */
export async function addCheckpoint(file: ArrayBuffer | Blob, label: string, kind: string, lineage: Lineage = {}): Promise<LabCheckpoint> {
  const { storage } = labDeps();
  const key = crypto.randomUUID();
  // A large file is stored as a Blob (kept on disk by IndexedDB), and the engine gets that same Blob.
  const bytes = keptFile(file);
  const summary = await engine().call('loadCheckpoint', { key, ...checkpointFile(bytes) });
  const record: LanguageModelRecord = {
    key, label: label.trim() || 'Untitled model', kind: normalizeKind(kind), parent: lineage.parent ?? null,
    createdAt: new Date().toISOString(), lossHistory: lineage.lossHistory ?? [], hash: lineage.hash ?? (await contentHash(bytes)), bytes,
  };
  try {
    if (!lineage.isMemoryOnly) await storage.put('checkpoints', record);
  } catch (error) {
    await engine().call('unloadCheckpoint', { key });
    throw new LabError(await describeWriteFailure(`“${record.label}”`, error, recordSize(record)));
  }
  const entry: LabCheckpoint = { ...storedEntry(summary, record), ...(lineage.isMemoryOnly ? { isMemoryOnly: true } : {}) };
  useStore.setState((s) => ({ checkpoints: [...s.checkpoints.filter((c) => c.key !== key), entry] }));
  return entry;
}

/**
 * Lists a model the engine already holds under `key` and that is kept in memory only, with no file bytes on the
 * page (a GPT-2 opened straight from the reader's file: engine method openGpt2). `identity` stands in for the
 * content hash, so opening the same file twice is noticed.
 */
export function addMemoryOnlyModel(summary: CheckpointSummary, label: string, identity: string): LabCheckpoint {
  const record = {
    key: summary.key, label, kind: normalizeKind('base'), parent: null, createdAt: new Date().toISOString(), lossHistory: [], hash: identity,
  };
  const entry: LabCheckpoint = { ...storedEntry(summary, record), isMemoryOnly: true };
  useStore.setState((s) => ({ checkpoints: [...s.checkpoints.filter((c) => c.key !== summary.key), entry] }));
  return entry;
}

export async function renameCheckpoint(key: string, label: string): Promise<void> {
  const name = label.trim();
  const entry = useStore.getState().checkpoints.find((c) => c.key === key);
  if (!entry) return;
  if (entry.isShipped) throw new LabError('The shipped model keeps its name.');
  if (!name || name.length > 200) throw new LabError('A name needs between 1 and 200 characters.');
  const stillThere = entry.isMemoryOnly || (await labDeps().storage.update('checkpoints', key, (r) => ({ ...r, label: name })));
  if (!stillThere) {
    await reloadCheckpoints();
    throw new LabError(`“${entry.label}” was deleted in another tab, so it was not renamed.`);
  }
  useStore.setState((s) => ({ checkpoints: s.checkpoints.map((c) => (c.key === key ? { ...c, label: name } : c)) }));
  say(`Renamed to “${name}”.`);
}

export async function setActiveCheckpoint(key: string): Promise<void> {
  if (!useStore.getState().checkpoints.some((c) => c.key === key)) return;
  useStore.setState({ activeKey: key });
  try {
    await labDeps().storage.setSetting('active', key);
  } catch (error) {
    // The choice applies now either way; only remembering it for the next visit failed.
    say((await describeWriteFailure('Your choice of model', error, key.length)).replace('Nothing was changed.', 'It applies until you reload.'), true);
  }
}

/** Deletes one checkpoint the reader made (the shipped model stays). Its children keep their record of it. */
export async function deleteCheckpoint(key: string): Promise<void> {
  const entry = useStore.getState().checkpoints.find((c) => c.key === key);
  if (!entry || entry.isShipped) return;
  await labDeps().storage.delete('checkpoints', key);
  await engine().call('unloadCheckpoint', { key });
  useStore.setState((s) => ({ checkpoints: s.checkpoints.filter((c) => c.key !== key) }));
  if (useStore.getState().activeKey === key) await setActiveCheckpoint(SHIPPED_KEY);
  say(`Deleted “${entry.label}”.`);
}

/** Deletes a stored record that could not be read (listed in labProblems), whatever is wrong with it. */
export async function deleteProblem(problem: StoredProblem): Promise<void> {
  await labDeps().storage.delete(problem.store, problem.key);
  useStore.setState((s) => ({ labProblems: s.labProblems.filter((p) => p !== problem && !(p.store === problem.store && p.key === problem.key)) }));
  say('The unreadable item was deleted.');
}

/** Deletes every checkpoint the reader made and makes the shipped model active again. */
export async function resetToShipped(): Promise<void> {
  const { storage } = labDeps();
  for (const c of useStore.getState().checkpoints) if (!c.isShipped) await deleteCheckpoint(c.key);
  for (const p of useStore.getState().labProblems) if (p.store === 'checkpoints') await storage.delete('checkpoints', p.key);
  setProblems('checkpoints', []);
  await setActiveCheckpoint(SHIPPED_KEY);
  say('Back to the shipped model; your checkpoints were deleted.');
}
