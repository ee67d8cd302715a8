// A pre-training run that outlives a reload: the latest run state the worker vouched for (weights, AdamW moments,
// position in the data), the curves and samples so far, and what is needed to go on with the same data (the
// recipe, and the reader's own text if they brought one). Kept in its own IndexedDB store, the bytes as an
// ArrayBuffer (structured clone: no base64 on the main thread, which cost ~400 ms a snapshot); where IndexedDB is
// missing (tests, some private windows) it lasts as long as the page.
import type { PretrainSetup, RunCurves } from './runTypes';

const DATABASE = 'tbt-training';
const STORE = 'runs';
const KEY = 'pretrain';

export interface SavedRun {
  setup: PretrainSetup;
  curves: RunCurves;
  /** The reader's own text, when the run did not read Tiny Shakespeare. */
  ownText: string | null;
  runState: ArrayBuffer;
  /** How the run stood when kept: a run kept while training comes back paused. */
  phase: 'paused' | 'finished' | 'diverged';
  /** With "stop at the best validation": the model of the best evaluation so far (what Save saves). */
  best?: { iter: number; val: number; bytes: ArrayBuffer } | null;
  savedAt: string;
}

let memory: SavedRun | null = null;
let opening: Promise<IDBDatabase | null> | null = null;

function database(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    try {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function transact<T>(db: IDBDatabase, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused the request'));
  });
}

export async function keepRun(run: SavedRun): Promise<void> {
  const db = await database();
  if (!db) {
    memory = run;
    return;
  }
  await transact(db, 'readwrite', (store) => store.put(run, KEY));
}

const isBuffer = (v: unknown) => Object.prototype.toString.call(v) === '[object ArrayBuffer]';

const isSavedRun = (v: unknown): v is SavedRun => {
  const r = v as Partial<SavedRun> | null;
  const isBestOk = !r?.best || (Number.isFinite(r.best.iter) && Number.isFinite(r.best.val) && isBuffer(r.best.bytes));
  return !!r && typeof r === 'object' && !!r.setup && !!r.curves && isBuffer(r.runState) && isBestOk;
};

/** The kept run, or null (none, or unreadable: then it is forgotten). */
export async function keptRun(): Promise<SavedRun | null> {
  const db = await database();
  const value = db ? await transact(db, 'readonly', (store) => store.get(KEY)).catch(() => null) : memory;
  if (value === undefined || value === null) return null;
  if (isSavedRun(value)) return value;
  await forgetRun();
  return null;
}

/** A fine-tuning run kept the same way, under its own key: what `train` was asked, the curves, the run state. */
export interface SavedFinetune {
  /** The train call's parameters but the source key (a resume goes on from the run state, with its own settings). */
  params: Record<string, unknown>;
  baseKey: string;
  curves: unknown;
  runState: ArrayBuffer;
  /** How the run stood when kept (absent in runs kept before this was recorded: paused). */
  phase?: 'paused' | 'finished' | 'diverged';
  /** A finished or diverged run's model, so it can still be saved after a reload (a paused one resumes first). */
  model?: ArrayBuffer;
  savedAt: string;
}

const FINETUNE_KEY = 'finetune';
let finetuneMemory: SavedFinetune | null = null;

export async function keepFinetune(run: SavedFinetune): Promise<void> {
  const db = await database();
  if (!db) {
    finetuneMemory = run;
    return;
  }
  await transact(db, 'readwrite', (store) => store.put(run, FINETUNE_KEY));
}

export async function keptFinetune(): Promise<SavedFinetune | null> {
  const db = await database();
  const value = (db ? await transact(db, 'readonly', (store) => store.get(FINETUNE_KEY)).catch(() => null) : finetuneMemory) as Partial<SavedFinetune> | null | undefined;
  if (!value) return null;
  if (typeof value === 'object' && value.params && value.curves && typeof value.baseKey === 'string' && isBuffer(value.runState) && (value.model === undefined || isBuffer(value.model))) {
    return value as SavedFinetune;
  }
  await forgetFinetune();
  return null;
}

export async function forgetFinetune(): Promise<void> {
  finetuneMemory = null;
  const db = await database();
  if (db) await transact(db, 'readwrite', (store) => store.delete(FINETUNE_KEY));
}

export async function forgetRun(): Promise<void> {
  memory = null;
  const db = await database();
  if (db) await transact(db, 'readwrite', (store) => store.delete(KEY));
}
