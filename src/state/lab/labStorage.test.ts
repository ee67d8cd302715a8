// Both storages behind one interface: the memory one and IndexedDB (fake-indexeddb, a full implementation of the
// spec in Node). Then what only IndexedDB has: the v1 → v2 upgrade, two tabs on one database, quota errors.
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BLOCKED_REASON, browserLabStorage, DB_NAME, openLabDatabase } from './indexedDbStorage';
import { isQuotaError, memoryLabStorage, recordSize, type LabStorage } from './labStorage';
import type { CheckpointRecord, RatingRecord } from './records';

const opened: LabStorage[] = [];
async function open(make: () => Promise<LabStorage> | LabStorage) {
  const storage = await make();
  opened.push(storage);
  return storage;
}
afterEach(() => {
  opened.splice(0).forEach((s) => s.close());
  vi.restoreAllMocks();
});

const checkpoint = (key: string, over: Partial<CheckpointRecord> = {}): CheckpointRecord => ({
  key, label: `model ${key}`, kind: 'sft', parent: 'base', createdAt: '2026-11-30T10:00:00.000Z',
  lossHistory: [{ iter: 0, loss: 4.2 }, { iter: 10, loss: 3.1, valLoss: 3.3 }], hash: 'ab12', bytes: new Uint8Array([1, 2, 3, 4]).buffer, ...over,
});
const rating = (id: string, createdAt = '2026-11-30T10:00:00.000Z'): RatingRecord => ({
  id, prompt: 'Tell me of Rome', a: 'It burns.', b: 'It stands.', choice: 'b', rater: 'scripted:longer', createdAt,
});

const kinds = [
  ['memory', () => memoryLabStorage()],
  ['IndexedDB', () => browserLabStorage(new IDBFactory())],
] as const;

describe.each(kinds)('%s storage', (_name, make) => {
  it('keeps a checkpoint file stored as a Blob (a large one) beside one stored as bytes (every older record), and sizes both', async () => {
    const s = await open(make);
    await s.put('checkpoints', checkpoint('blob', { bytes: new Blob([new Uint8Array([5, 6, 7])]) }));
    await s.put('checkpoints', checkpoint('old'));
    const blob = (await s.get('checkpoints', 'blob'))!.bytes;
    expect(blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(new Uint8Array([5, 6, 7]));
    expect(new Uint8Array((await s.get('checkpoints', 'old'))!.bytes as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect((await s.list('checkpoints')).problems).toEqual([]);
    // A renamed Blob record keeps its file.
    await s.update('checkpoints', 'blob', (r) => ({ ...r, label: 'renamed' }));
    expect(((await s.get('checkpoints', 'blob'))!.bytes as Blob).size).toBe(3);
    expect(recordSize(checkpoint('x', { bytes: new Blob([new Uint8Array(1000)]) }))).toBeGreaterThanOrEqual(1000);
    // An empty Blob is no checkpoint file: refused on reading, like empty bytes.
    await s.put('checkpoints', checkpoint('empty', { bytes: new Blob([]) }));
    expect((await s.list('checkpoints')).problems).toEqual([{ store: 'checkpoints', key: 'empty', reason: expect.stringContaining('bytes') }]);
  });

  it('keeps records of every kind, lists them oldest first, updates and deletes them', async () => {
    const s = await open(make);
    await s.put('checkpoints', checkpoint('k1'));
    await s.putAll({ ratings: [rating('r2', '2026-11-30T12:00:00.000Z'), rating('r1', '2026-11-30T11:00:00.000Z')] });
    await s.put('tokenizers', { id: 't1', name: 'my BPE', json: { kind: 'bpe' }, createdAt: '2026-11-30T10:00:00.000Z', source: 'trained on my text' });
    await s.put('runs', { id: 'u1', kind: 'sft', config: { iters: 50 }, history: { loss: [3, 2.5] }, createdAt: '2026-11-30T10:00:00.000Z', checkpointKey: 'k1' });
    expect((await s.list('ratings')).records.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect((await s.get('checkpoints', 'k1'))?.lossHistory).toEqual([{ iter: 0, loss: 4.2 }, { iter: 10, loss: 3.1, valLoss: 3.3 }]);
    expect(new Uint8Array((await s.get('checkpoints', 'k1'))!.bytes as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(await s.update('checkpoints', 'k1', (r) => ({ ...r, label: 'renamed' }))).toBe(true);
    expect((await s.get('checkpoints', 'k1'))?.label).toBe('renamed');
    expect(await s.update('checkpoints', 'gone', (r) => r)).toBe(false);
    await s.delete('checkpoints', 'k1');
    await s.clear('ratings');
    expect((await s.list('checkpoints')).records).toEqual([]);
    expect((await s.list('ratings')).records).toEqual([]);
    expect((await s.list('tokenizers')).records).toHaveLength(1);
    expect((await s.list('runs')).records[0].history).toEqual({ loss: [3, 2.5] });
    await s.setSetting('active', 'k1');
    expect(await s.getSetting('active')).toBe('k1');
  });

  it('hands out copies: changing a listed record changes nothing stored', async () => {
    const s = await open(make);
    await s.put('ratings', rating('r1'));
    (await s.list('ratings')).records[0].choice = 'a';
    expect((await s.get('ratings', 'r1'))?.choice).toBe('b');
  });

  it('skips a corrupt record and reports it by key, keeping the others', async () => {
    const s = await open(make);
    await s.put('checkpoints', checkpoint('good'));
    // Written by something that does not check (an old version, a hand-edited database): storage holds it as is.
    await s.put('checkpoints', { ...checkpoint('bad'), label: { text: 'object' } } as unknown as CheckpointRecord);
    await s.put('ratings', { ...rating('r1'), choice: 'both' } as unknown as RatingRecord);
    const listing = await s.list('checkpoints');
    expect(listing.records.map((r) => r.key)).toEqual(['good']);
    expect(listing.problems).toEqual([{ store: 'checkpoints', key: 'bad', reason: 'its label is missing or not valid' }]);
    expect(await s.get('checkpoints', 'bad')).toBeUndefined();
    expect((await s.list('ratings')).problems).toEqual([{ store: 'ratings', key: 'r1', reason: 'its choice is missing or not valid' }]);
    await s.delete('checkpoints', 'bad');
    expect((await s.list('checkpoints')).problems).toEqual([]);
  });
});

describe('quota', () => {
  it('memory storage refuses a write past its quota with a QuotaExceededError and keeps what it had', async () => {
    const s = memoryLabStorage({ quotaBytes: 2_000 });
    await s.put('ratings', rating('r1'));
    const error = await s.put('checkpoints', checkpoint('big', { bytes: new ArrayBuffer(5_000) })).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect((await s.list('checkpoints')).records).toEqual([]);
    expect((await s.list('ratings')).records).toHaveLength(1);
  });

  it('IndexedDB reports the browser quota error and writes nothing of a batch', async () => {
    const s = await open(() => browserLabStorage(new IDBFactory()));
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((value as { key?: string }).key === 'big') throw new DOMException('Quota exceeded', 'QuotaExceededError');
      return realPut.call(this, value, key);
    });
    const error = await s.putAll({ ratings: [rating('r1')], checkpoints: [checkpoint('big')] }).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect((await s.list('ratings')).records).toEqual([]);
    expect((await s.list('checkpoints')).records).toEqual([]);
  });
});

describe('IndexedDB schema and tabs', () => {
  it('upgrades a v1 database to v2 keeping every checkpoint and setting', async () => {
    const factory = new IDBFactory();
    const v1 = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('checkpoints', { keyPath: 'key' });
        request.result.createObjectStore('settings');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = v1.transaction(['checkpoints', 'settings'], 'readwrite');
    tx.objectStore('checkpoints').put({ key: 'old', label: 'Retrained 200 steps', kind: 'retrained', createdAt: '2026-11-20T09:00:00.000Z', bytes: new Uint8Array([9, 9]).buffer });
    tx.objectStore('checkpoints').put({ key: 'old-sft', label: 'My SFT', kind: 'sft', createdAt: '2026-11-21T09:00:00.000Z', bytes: new Uint8Array([7]).buffer });
    tx.objectStore('settings').put('old', 'active');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    // A tab of the old version still has it open: the upgrade waits, the lab runs in memory and says why.
    const meanwhile = await open(() => browserLabStorage(factory));
    expect(meanwhile).toMatchObject({ isPersistent: false, fallbackReason: BLOCKED_REASON });
    v1.close();
    const s = await open(() => browserLabStorage(factory));
    expect(s.isPersistent).toBe(true);
    const { records, problems } = await s.list('checkpoints');
    expect(problems).toEqual([]);
    expect(records.map(({ key, label, kind, parent, lossHistory, hash }) => ({ key, label, kind, parent, lossHistory, hash }))).toEqual([
      { key: 'old', label: 'Retrained 200 steps', kind: 'pretrained', parent: null, lossHistory: [], hash: '' },
      { key: 'old-sft', label: 'My SFT', kind: 'sft', parent: null, lossHistory: [], hash: '' },
    ]);
    expect(new Uint8Array(records[0].bytes as ArrayBuffer)).toEqual(new Uint8Array([9, 9]));
    expect(await s.getSetting('active')).toBe('old');
    await s.put('ratings', rating('r1'));
    expect((await s.list('ratings')).records).toHaveLength(1);
    const db = await openLabDatabase(factory);
    expect([...db.objectStoreNames].sort()).toEqual(['checkpoints', 'ratings', 'runs', 'settings', 'tokenizers']);
    db.close();
  });

  it('two tabs writing at once lose nothing, and a change made in one tab is not undone by the other', async () => {
    const factory = new IDBFactory();
    const [a, b] = [await open(() => browserLabStorage(factory)), await open(() => browserLabStorage(factory))];
    await a.put('checkpoints', checkpoint('shared', { lossHistory: [] }));
    const writes = Array.from({ length: 20 }, (_, i) => [a.put('ratings', rating(`a${i}`)), b.put('ratings', rating(`b${i}`))]).flat();
    // One tab renames while the other appends to the loss history: each read-modify-write is one transaction.
    const rename = a.update('checkpoints', 'shared', (r) => ({ ...r, label: 'renamed in tab A' }));
    const extend = b.update('checkpoints', 'shared', (r) => ({ ...r, lossHistory: [...r.lossHistory, { iter: 5, loss: 2 }] }));
    await Promise.all([...writes, rename, extend]);
    expect((await a.list('ratings')).records).toHaveLength(40);
    expect((await b.list('ratings')).records).toHaveLength(40);
    expect(await b.get('checkpoints', 'shared')).toMatchObject({ label: 'renamed in tab A', lossHistory: [{ iter: 5, loss: 2 }] });
    // Deleted in B, then renamed in A: the rename reports it and does not bring the record back.
    await b.delete('checkpoints', 'shared');
    expect(await a.update('checkpoints', 'shared', (r) => ({ ...r, label: 'too late' }))).toBe(false);
    expect(await a.get('checkpoints', 'shared')).toBeUndefined();
  });

  it('tells the other tabs, not itself, after each write', async () => {
    const factory = new IDBFactory();
    const [a, b] = [await open(() => browserLabStorage(factory)), await open(() => browserLabStorage(factory))];
    const heardByA = vi.fn();
    const heardByB = new Promise((resolve) => b.onOtherTabChange(resolve));
    a.onOtherTabChange(heardByA);
    await a.put('ratings', rating('r1'));
    expect(await heardByB).toBe('ratings');
    expect(heardByA).not.toHaveBeenCalled();
  });

  it('falls back to memory when the database cannot be opened', async () => {
    const refusing = { open: () => { throw new DOMException('The user denied permission', 'SecurityError'); } } as unknown as globalThis.IDBFactory;
    const s = await open(() => browserLabStorage(refusing));
    expect(s.isPersistent).toBe(false);
    await s.put('ratings', rating('r1'));
    expect((await s.list('ratings')).records).toHaveLength(1);
  });
});
