// Where the lab persists: the interface both storages implement, and the memory one (tests, and browsers that
// refuse IndexedDB: some private modes, old browsers). The IndexedDB one is indexedDbStorage.ts.
// Every read is validated (records.ts): a corrupt record is skipped and reported, never handed on.
import { isBlob } from '../../workers/contentHash';
import { RECORD_CHECKS, keyOf, type LabContents, type LabStoreName } from './records';

export type LabRecord<S extends LabStoreName> = LabContents[S][number];

/** A stored record that failed its check: where it is and why, so the reader can delete it. */
export interface StoredProblem {
  store: LabStoreName;
  key: string;
  reason: string;
}

export interface Listing<T> {
  records: T[];
  problems: StoredProblem[];
}

export interface LabStorage {
  /** Whether the lab survives a reload ('memory' does not; the lab says so). */
  readonly isPersistent: boolean;
  /** Why the lab is in memory when the browser has storage (another tab holds an older database), for the reader. */
  readonly fallbackReason?: string;
  /** Every valid record of a store, oldest first, and the records that failed their check. */
  list<S extends LabStoreName>(store: S): Promise<Listing<LabRecord<S>>>;
  /** One record, or undefined when it is absent or fails its check. */
  get<S extends LabStoreName>(store: S, key: string): Promise<LabRecord<S> | undefined>;
  put<S extends LabStoreName>(store: S, record: LabRecord<S>): Promise<void>;
  /**
   * Reads, changes and writes one record in one transaction, so a change made meanwhile by another tab is
   * neither lost nor resurrected. Resolves false when the record no longer exists.
   */
  update<S extends LabStoreName>(store: S, key: string, change: (record: LabRecord<S>) => LabRecord<S>): Promise<boolean>;
  delete(store: LabStoreName, key: string): Promise<void>;
  clear(store: LabStoreName): Promise<void>;
  /** Writes every record of `batch` in one transaction: all of them, or on any error none. */
  putAll(batch: Partial<LabContents>): Promise<void>;
  getSetting(name: string): Promise<string | undefined>;
  setSetting(name: string, value: string): Promise<void>;
  /** Calls `listener` after another tab changed the lab; returns the way to stop listening. */
  onOtherTabChange(listener: (store: LabStoreName | 'settings') => void): () => void;
  /** Lets go of the database and the channel to other tabs. */
  close(): void;
}

/** Whether an error is the browser saying its storage quota is used up (names differ across browsers). */
export function isQuotaError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return !!e && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22);
}

/** Roughly how many bytes a record takes in storage: its binary data (bytes or Blobs) plus its text. */
export function recordSize(record: unknown): number {
  let binary = 0;
  const text = JSON.stringify(record, (_key, value: unknown) => {
    if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') {
      binary += (value as ArrayBuffer).byteLength;
      return null;
    }
    if (isBlob(value)) {
      binary += value.size;
      return null;
    }
    return value;
  });
  return binary + (text?.length ?? 0);
}

export const LAB_STORES: readonly LabStoreName[] = ['checkpoints', 'tokenizers', 'ratings', 'runs'];

/** Checks raw records read back from storage, keeping the good ones and naming the bad ones. */
export function checkListing<S extends LabStoreName>(store: S, raw: { key: string; value: unknown }[]): Listing<LabRecord<S>> {
  const listing: Listing<LabRecord<S>> = { records: [], problems: [] };
  for (const { key, value } of raw) {
    const checked = RECORD_CHECKS[store](value);
    if (checked.ok) listing.records.push(checked.value as LabRecord<S>);
    else listing.problems.push({ store, key, reason: checked.reason });
  }
  listing.records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return listing;
}

export interface MemoryStorageOptions {
  /** Refuse writes past this many bytes, as a browser's quota does (default: no limit). */
  quotaBytes?: number;
  /** Why memory is used although the browser has storage (see LabStorage.fallbackReason). */
  fallbackReason?: string;
}

/** The lab in memory: the same interface and checks, gone on reload. */
export function memoryLabStorage({ quotaBytes = Infinity, fallbackReason }: MemoryStorageOptions = {}): LabStorage {
  const stores = new Map<LabStoreName, Map<string, unknown>>(LAB_STORES.map((s) => [s, new Map()]));
  const settings = new Map<string, string>();
  const used = () => [...stores.values()].reduce((sum, m) => sum + [...m.values()].reduce<number>((s, r) => s + recordSize(r), 0), 0);
  const ensureRoom = (adding: unknown[], replacing: unknown[]) => {
    const after = used() + adding.reduce<number>((s, r) => s + recordSize(r), 0) - replacing.reduce<number>((s, r) => s + recordSize(r), 0);
    if (after > quotaBytes) throw new DOMException(`The quota of ${quotaBytes} bytes would be exceeded.`, 'QuotaExceededError');
  };
  // Stored and handed out as copies, as IndexedDB's structured clone does, so no caller can change a record in place
  // (a Blob is immutable: its copy is a new handle to the same bytes).
  const copy = <T>(v: T): T => structuredClone(v);
  const storage: LabStorage = {
    isPersistent: false,
    fallbackReason,
    list: async (store) => checkListing(store, [...stores.get(store)!].map(([key, value]) => ({ key, value: copy(value) }))),
    get: async (store, key) => {
      const raw = stores.get(store)!.get(key);
      const checked = raw === undefined ? null : RECORD_CHECKS[store](copy(raw));
      return checked?.ok ? (checked.value as LabRecord<typeof store>) : undefined;
    },
    put: async (store, record) => storage.putAll({ [store]: [record] }),
    update: async (store, key, change) => {
      const current = await storage.get(store, key);
      if (!current) return false;
      const next = change(current);
      ensureRoom([next], [current]);
      stores.get(store)!.set(key, copy(next));
      return true;
    },
    delete: async (store, key) => void stores.get(store)!.delete(key),
    clear: async (store) => stores.get(store)!.clear(),
    putAll: async (batch) => {
      const entries = LAB_STORES.flatMap((s) => (batch[s] ?? []).map((r) => ({ store: s, key: keyOf(s, r), record: r })));
      ensureRoom(
        entries.map((e) => e.record),
        entries.map((e) => stores.get(e.store)!.get(e.key)).filter((r) => r !== undefined),
      );
      for (const e of entries) stores.get(e.store)!.set(e.key, copy(e.record));
    },
    getSetting: async (name) => settings.get(name),
    setSetting: async (name, value) => void settings.set(name, value),
    onOtherTabChange: () => () => {},
    close: () => {},
  };
  return storage;
}
