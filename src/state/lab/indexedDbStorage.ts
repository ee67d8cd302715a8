// The lab in IndexedDB. Schema v2: one object store per kind of record (checkpoints, tokenizers, ratings, runs)
// and settings. v1 had checkpoints and settings only; the upgrade adds the new stores and rewrites each v1
// checkpoint into today's shape in place, so nothing the reader saved is lost.
// Two tabs share one database: every write is its own transaction (a read-modify-write too), and after it
// commits a BroadcastChannel message tells the other tabs to read again.
import { upgradeCheckpointV1, type LabStoreName } from './records';
import { checkListing, memoryLabStorage, LAB_STORES, type LabStorage } from './labStorage';

export const DB_NAME = 'token-by-token';
export const DB_VERSION = 2;
const SETTINGS = 'settings';
const CHANNEL = 'token-by-token-lab';
const KEY_PATHS: Record<LabStoreName, string> = { checkpoints: 'key', tokenizers: 'id', ratings: 'id', runs: 'id' };

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A quota error usually arrives here, as the transaction's error when it aborts.
    tx.onerror = tx.onabort = () => reject(tx.error ?? new DOMException('The write was abandoned.', 'AbortError'));
  });
}

function upgrade(db: IDBDatabase, tx: IDBTransaction, oldVersion: number): void {
  for (const store of LAB_STORES) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: KEY_PATHS[store] });
  if (!db.objectStoreNames.contains(SETTINGS)) db.createObjectStore(SETTINGS);
  if (oldVersion === 1) {
    const cursorRequest = tx.objectStore('checkpoints').openCursor();
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) return;
      cursor.update(upgradeCheckpointV1(cursor.value));
      cursor.continue();
    };
  }
}

/** Said when a tab opened before an update still holds the old database, so the upgrade cannot run yet. */
export const BLOCKED_REASON =
  'Another tab of this book, opened before an update, still holds your saved lab. Close it and reload this page to see your saved work; until then what you make here lasts until you close the tab.';

/**
 * Opens (and if needed upgrades) the lab's database. A tab of an older version that keeps it open blocks the
 * upgrade; rather than wait for it indefinitely this rejects, and the connection that opens once the old tab
 * closes is closed again at once.
 */
export function openLabDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let isBlocked = false;
    const request = factory.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = (event) => upgrade(request.result, request.transaction!, event.oldVersion);
    request.onblocked = () => {
      isBlocked = true;
      reject(new Error(BLOCKED_REASON));
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onsuccess = () => {
      const db = request.result;
      if (isBlocked) return db.close();
      // A newer version opening in another tab asks this one to let go, so its upgrade is not blocked.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

/**
 * Whether this browser has never stored the lab (no database of its name), answered without opening, and so without
 * creating, it; null where the browser cannot list its databases. On a first visit the figures need not wait for
 * storage to open (labActions.startFiguresEarly).
 */
export async function labNeverStored(factory: IDBFactory | undefined = availableIndexedDb()): Promise<boolean | null> {
  if (!factory || typeof factory.databases !== 'function') return null;
  try {
    return !(await factory.databases()).some((d) => d.name === DB_NAME);
  } catch {
    return null;
  }
}

/** The browser's IndexedDB, or undefined where reading it throws (storage blocked: Safari's cookie setting, sandboxes). */
function availableIndexedDb(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB;
  } catch {
    return undefined;
  }
}

/** The lab in IndexedDB; in memory (isPersistent false, with the reason) when the database cannot be opened. */
export async function browserLabStorage(factory: IDBFactory | undefined = availableIndexedDb()): Promise<LabStorage> {
  if (!factory) return memoryLabStorage();
  let db: IDBDatabase;
  try {
    db = await openLabDatabase(factory);
  } catch (error) {
    return memoryLabStorage({ fallbackReason: (error as Error).message === BLOCKED_REASON ? BLOCKED_REASON : undefined });
  }
  return indexedDbStorage(db);
}

function indexedDbStorage(db: IDBDatabase): LabStorage {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  const announce = (...stores: (LabStoreName | 'settings')[]) => stores.forEach((store) => channel?.postMessage({ store }));

  /** Runs `action` in one transaction over `stores` and resolves with its result once the transaction commits. */
  const inTransaction = async <T>(stores: string[], mode: IDBTransactionMode, action: (tx: IDBTransaction) => Promise<T> | T) => {
    const tx = db.transaction(stores, mode);
    const done = completion(tx);
    let result: T;
    try {
      // Raced with the transaction: when the browser abandons a write (Chromium does with a very large value, such
      // as a 124M GPT-2, without failing its request) the request never settles, and the abort must end the wait.
      result = (await Promise.all([action(tx), done]))[0];
    } catch (error) {
      try {
        if (!tx.error) tx.abort();
      } catch {
        // Already finished or aborted: nothing to undo.
      }
      await done.catch(() => {});
      throw error;
    }
    return result;
  };

  return {
    isPersistent: true,
    list: (store) =>
      inTransaction([store], 'readonly', async (tx) => {
        const s = tx.objectStore(store);
        const [keys, values] = await Promise.all([promised(s.getAllKeys()), promised(s.getAll())]);
        return checkListing(store, values.map((value, i) => ({ key: String(keys[i]), value })));
      }),
    get: async (store, key) => {
      const raw = await inTransaction([store], 'readonly', (tx) => promised(tx.objectStore(store).get(key)));
      if (raw === undefined) return undefined;
      const [record] = checkListing(store, [{ key, value: raw }]).records;
      return record;
    },
    put: async (store, record) => {
      await inTransaction([store], 'readwrite', (tx) => promised(tx.objectStore(store).put(record)));
      announce(store);
    },
    update: async (store, key, change) => {
      const updated = await inTransaction([store], 'readwrite', async (tx) => {
        const s = tx.objectStore(store);
        const raw: unknown = await promised(s.get(key));
        const [current] = raw === undefined ? [] : checkListing(store, [{ key, value: raw }]).records;
        if (!current) return false;
        await promised(s.put(change(current)));
        return true;
      });
      if (updated) announce(store);
      return updated;
    },
    delete: async (store, key) => {
      await inTransaction([store], 'readwrite', (tx) => promised(tx.objectStore(store).delete(key)));
      announce(store);
    },
    clear: async (store) => {
      await inTransaction([store], 'readwrite', (tx) => promised(tx.objectStore(store).clear()));
      announce(store);
    },
    putAll: async (batch) => {
      const stores = LAB_STORES.filter((s) => (batch[s] ?? []).length > 0);
      if (stores.length === 0) return;
      await inTransaction(stores, 'readwrite', (tx) =>
        Promise.all(stores.flatMap((s) => batch[s]!.map((r) => promised(tx.objectStore(s).put(r))))),
      );
      announce(...stores);
    },
    getSetting: async (name) => {
      const value: unknown = await inTransaction([SETTINGS], 'readonly', (tx) => promised(tx.objectStore(SETTINGS).get(name)));
      return typeof value === 'string' ? value : undefined;
    },
    setSetting: async (name, value) => {
      await inTransaction([SETTINGS], 'readwrite', (tx) => promised(tx.objectStore(SETTINGS).put(value, name)));
      announce('settings');
    },
    onOtherTabChange: (listener) => {
      if (!channel) return () => {};
      const onMessage = (event: MessageEvent<{ store?: unknown }>) => {
        const store = event.data?.store;
        if (store === 'settings' || LAB_STORES.includes(store as LabStoreName)) listener(store as LabStoreName | 'settings');
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
    close: () => {
      channel?.close();
      db.close();
    },
  };
}
