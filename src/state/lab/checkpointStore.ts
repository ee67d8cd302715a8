// Where the reader's checkpoints persist between visits: IndexedDB in the browser (bytes and description in one
// record per checkpoint), or memory in tests and where IndexedDB is unavailable (private modes, old browsers).

export interface StoredCheckpoint {
  key: string;
  label: string;
  kind: string;
  createdAt: string;
  bytes: ArrayBuffer;
}

export interface CheckpointStore {
  /** Whether checkpoints survive a reload ('memory' ones do not; the lab says so). */
  readonly isPersistent: boolean;
  list(): Promise<StoredCheckpoint[]>;
  put(checkpoint: StoredCheckpoint): Promise<void>;
  delete(key: string): Promise<void>;
  getSetting(name: string): Promise<string | undefined>;
  setSetting(name: string, value: string): Promise<void>;
}

export function memoryCheckpointStore(): CheckpointStore {
  const checkpoints = new Map<string, StoredCheckpoint>();
  const settings = new Map<string, string>();
  return {
    isPersistent: false,
    list: async () => [...checkpoints.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    put: async (c) => void checkpoints.set(c.key, c),
    delete: async (key) => void checkpoints.delete(key),
    getSetting: async (name) => settings.get(name),
    setSetting: async (name, value) => void settings.set(name, value),
  };
}

const DB_NAME = 'token-by-token';
const DB_VERSION = 1;
const CHECKPOINTS = 'checkpoints';
const SETTINGS = 'settings';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS, { keyPath: 'key' });
    if (!db.objectStoreNames.contains(SETTINGS)) db.createObjectStore(SETTINGS);
  };
  return promised(request);
}

/** IndexedDB-backed storage; falls back to memory (isPersistent false) when the database cannot be opened. */
export async function browserCheckpointStore(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<CheckpointStore> {
  if (!factory) return memoryCheckpointStore();
  let db: IDBDatabase;
  try {
    db = await openDatabase(factory);
  } catch {
    return memoryCheckpointStore();
  }
  const run = async <T>(store: string, mode: IDBTransactionMode, action: (s: IDBObjectStore) => IDBRequest<T>) => {
    const tx = db.transaction(store, mode);
    const result = await promised(action(tx.objectStore(store)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    return result;
  };
  return {
    isPersistent: true,
    list: async () =>
      ((await run(CHECKPOINTS, 'readonly', (s) => s.getAll())) as StoredCheckpoint[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    put: async (c) => void (await run(CHECKPOINTS, 'readwrite', (s) => s.put(c))),
    delete: async (key) => void (await run(CHECKPOINTS, 'readwrite', (s) => s.delete(key))),
    getSetting: async (name) => (await run(SETTINGS, 'readonly', (s) => s.get(name))) as string | undefined,
    setSetting: async (name, value) => void (await run(SETTINGS, 'readwrite', (s) => s.put(value, name))),
  };
}
