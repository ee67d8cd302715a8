import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CharTokenizer, GPT, saveModel } from '../../engine';
import { tinyCheckpoint, tinyCorpus } from '../../workers/testing/tinyCheckpoint';
import { SHIPPED_KEY } from '../slices/lab';
import { useStore } from '../store';
import { browserLabStorage, labNeverStored } from './indexedDbStorage';
import {
  addCheckpoint, configureLab, deleteCheckpoint, deleteProblem, loadShippedModel, renameCheckpoint, resetToShipped, setActiveCheckpoint,
  startFiguresEarly, startLab,
} from './labActions';
import { BLOB_ABOVE_BYTES, checkpointFile, keptFile } from './labContext';
import { decodeLabFile } from './labFile';
import { memoryLabStorage, type LabStorage } from './labStorage';
import { checkpointWithMeta, fileOf, startTestLab, type TestLab } from './testing/labFixture';
import { exportCheckpoint, exportLab, importCheckpointFile } from './labTransfer';

let shipped: ArrayBuffer;
let other: ArrayBuffer;
let lab: TestLab;

beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
  other = await tinyCheckpoint('my retrained model', 4);
});
afterEach(() => {
  lab?.client.dispose();
  lab?.storage.close();
  vi.unstubAllGlobals();
});

const keys = () => useStore.getState().checkpoints.map((c) => c.key);
const entry = (key: string) => useStore.getState().checkpoints.find((c) => c.key === key);
/** A page reload: fresh store and engine on the same storage. */
async function reload() {
  lab.client.dispose();
  lab = await startTestLab(shipped, lab.storage);
}

describe('model lab: checkpoints', () => {
  it('starts with the shipped model, loaded and active', async () => {
    lab = await startTestLab(shipped);
    const s = useStore.getState();
    expect(s.labStatus).toBe('ready');
    expect(s.activeKey).toBe(SHIPPED_KEY);
    expect(s.checkpoints).toEqual([expect.objectContaining({ isShipped: true, kind: 'base', summary: expect.objectContaining({ config: expect.objectContaining({ nLayer: 2 }) }) })]);
    expect(s.checkpoints[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says what went wrong when the shipped model cannot be fetched', async () => {
    lab = await startTestLab(shipped, memoryLabStorage(), false);
    configureLab({ storage: lab.storage, fetchShipped: async () => Promise.reject(new Error('the server answered 404')) });
    await startLab();
    expect(useStore.getState().labStatus).toBe('error');
    expect(useStore.getState().labMessage).toEqual({ text: expect.stringContaining('404'), isError: true });
  });

  it('hands the engine a large checkpoint as a Blob (read again from it when needed) and a small one as its bytes', async () => {
    const small = new ArrayBuffer(1024);
    expect(checkpointFile(small)).toEqual({ bytes: small });
    const large = new Uint8Array(BLOB_ABOVE_BYTES + 8);
    large[large.length - 1] = 7;
    const sent = checkpointFile(large.buffer);
    expect('blob' in sent && sent.blob.size).toBe(large.length);
    const back = new Uint8Array(await (sent as { blob: Blob }).blob.arrayBuffer());
    expect(back[back.length - 1]).toBe(7);
    // What the lab keeps: a large file as a Blob, a small one as its bytes, a Blob as it is (sent as it is too).
    expect(keptFile(small)).toBe(small);
    expect(keptFile(large.buffer)).toBeInstanceOf(Blob);
    const blob = new Blob([small]);
    expect(keptFile(blob)).toBe(blob);
    expect(checkpointFile(blob)).toEqual({ blob });
  });

  it('stores a checkpoint past 64 MB as a Blob, which loads again after a reload', async () => {
    const tokenizer = CharTokenizer.fromText(tinyCorpus);
    const model = new GPT({ vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 10, nHead: 4, nEmbd: 384, dropout: 0, bias: false, positional: 'learned' }, 1);
    const bytes = await saveModel(model, tokenizer, { kind: 'pretrained', label: 'large', createdAt: '2026-12-02T00:00:00.000Z', iter: 0 });
    model.dispose();
    expect(bytes.byteLength).toBeGreaterThan(BLOB_ABOVE_BYTES);
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    const saved = await addCheckpoint(bytes.slice().buffer as ArrayBuffer, 'Large', 'pretrained');
    const record = await lab.storage.get('checkpoints', saved.key);
    expect(record!.bytes).toBeInstanceOf(Blob);
    expect((record!.bytes as Blob).size).toBe(bytes.byteLength);
    await reload();
    expect(entry(saved.key)).toMatchObject({ label: 'Large', summary: { parameters: saved.summary.parameters } });
    const inspect = await lab.client.call('inspect', { key: saved.key, text: 'ROMEO', temperature: 1, seed: 1, topCount: 2 });
    expect(inspect.tokens).toHaveLength(5);
  }, 60_000);

  it('loads a checkpoint stored as a Blob and one stored as bytes (older records), and exports both', async () => {
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    const record = (key: string, bytes: ArrayBuffer | Blob) => ({
      key, label: key, kind: 'pretrained' as const, parent: null, createdAt: new Date().toISOString(), lossHistory: [], hash: '', bytes,
    });
    await lab.storage.put('checkpoints', record('as-blob', new Blob([other])));
    await lab.storage.put('checkpoints', record('as-bytes', other.slice(0)));
    await reload();
    expect(keys()).toEqual([SHIPPED_KEY, 'as-blob', 'as-bytes']);
    expect(useStore.getState().labProblems).toEqual([]);
    // The missing hash is filled in from the Blob's bytes, as from bytes.
    expect(entry('as-blob')!.hash).toBe(entry('as-bytes')!.hash);
    expect(entry('as-blob')!.hash).toMatch(/^[0-9a-f]{64}$/);
    const inspect = await lab.client.call('inspect', { key: 'as-blob', text: 'ROMEO', temperature: 1, seed: 1, topCount: 2 });
    expect(inspect.tokens).toHaveLength(5);
    const exported = await exportCheckpoint('as-blob');
    expect(new Uint8Array(await exported.blob.arrayBuffer())).toEqual(new Uint8Array(other));
    const labFile = await decodeLabFile(new Uint8Array(await (await exportLab()).blob.arrayBuffer()));
    expect(labFile.checkpoints.map((c) => [c.key, c.bytes.byteLength])).toEqual([['as-blob', other.byteLength], ['as-bytes', other.byteLength]]);
  });

  it('keeps a saved checkpoint with its lineage and loss history, and the active choice, across a reload', async () => {
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    const saved = await addCheckpoint(other, 'Fine-tuned', 'sft', { parent: SHIPPED_KEY, lossHistory: [{ iter: 0, loss: 3.5 }, { iter: 20, loss: 2.9, valLoss: 3.0 }] });
    await setActiveCheckpoint(saved.key);
    await reload();
    expect(keys()).toEqual([SHIPPED_KEY, saved.key]);
    expect(entry(saved.key)).toMatchObject({ label: 'Fine-tuned', kind: 'sft', parent: SHIPPED_KEY, lossHistory: [{ iter: 0, loss: 3.5 }, { iter: 20, loss: 2.9, valLoss: 3.0 }] });
    expect(useStore.getState().activeKey).toBe(saved.key);
    const inspect = await lab.client.call('inspect', { key: saved.key, text: 'ROMEO', temperature: 1, seed: 1, topCount: 2 });
    expect(inspect.tokens).toHaveLength(5);
  });

  it('lets figures start with the shipped model before the saved lab is listed, when the shipped model is the saved choice', async () => {
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    await addCheckpoint(other, 'Kept, not active', 'pretrained');
    lab.client.dispose();
    lab = await startTestLab(shipped, lab.storage, false);
    // The listing waits until the test lets it go: the figures must not wait for it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const list = lab.storage.list.bind(lab.storage);
    lab.storage.list = async (store) => (await held, list(store));
    const started = startLab();
    await vi.waitFor(() => expect(useStore.getState().labModelReady).toBe(true));
    expect(useStore.getState()).toMatchObject({ labStatus: 'loading', activeKey: SHIPPED_KEY });
    release();
    await started;
    expect(useStore.getState()).toMatchObject({ labStatus: 'ready', labModelReady: true, activeKey: SHIPPED_KEY });
    expect(keys()).toHaveLength(2);
  });

  it('on a first visit (no lab database yet) lets figures start before storage opens, and only then', async () => {
    const factory = new IDBFactory();
    expect(await labNeverStored(factory)).toBe(true);
    lab = await startTestLab(shipped, memoryLabStorage(), false);
    await startFiguresEarly(loadShippedModel(async () => shipped), labNeverStored(factory));
    expect(useStore.getState()).toMatchObject({ labModelReady: true, activeKey: SHIPPED_KEY, labStatus: 'loading' });
    expect(keys()).toEqual([SHIPPED_KEY]);

    (await browserLabStorage(factory)).close();
    expect(await labNeverStored(factory)).toBe(false);
    lab.client.dispose();
    lab = await startTestLab(shipped, memoryLabStorage(), false);
    await startFiguresEarly(loadShippedModel(async () => shipped), labNeverStored(factory));
    expect(useStore.getState().labModelReady).toBe(false);
  });

  it('holds figures back until a saved active model is loaded, so they never show the shipped model’s numbers first', async () => {
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    const saved = await addCheckpoint(other, 'Mine', 'pretrained');
    await setActiveCheckpoint(saved.key);
    lab.client.dispose();
    lab = await startTestLab(shipped, lab.storage, false);
    const seen: string[] = [];
    const stop = useStore.subscribe((s) => {
      if (s.labModelReady) seen.push(s.activeKey);
    });
    await startLab();
    stop();
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([saved.key]));
  });

  it('renames a checkpoint, refuses an empty name, and keeps the shipped model’s name', async () => {
    lab = await startTestLab(shipped);
    const saved = await addCheckpoint(other, 'A', 'pretrained');
    await renameCheckpoint(saved.key, '  Retrained 200 steps ');
    expect(entry(saved.key)?.label).toBe('Retrained 200 steps');
    expect((await lab.storage.get('checkpoints', saved.key))?.label).toBe('Retrained 200 steps');
    await expect(renameCheckpoint(saved.key, '   ')).rejects.toThrow(/between 1 and 200 characters/);
    await expect(renameCheckpoint(SHIPPED_KEY, 'Mine')).rejects.toThrow(/keeps its name/);
    // Deleted in another tab meanwhile: the rename says so and the entry leaves this tab too.
    await lab.storage.delete('checkpoints', saved.key);
    await expect(renameCheckpoint(saved.key, 'B')).rejects.toThrow(/deleted in another tab/);
    expect(keys()).toEqual([SHIPPED_KEY]);
  });

  it('deletes one checkpoint (never the shipped one), and resets to the shipped model', async () => {
    lab = await startTestLab(shipped);
    const a = await addCheckpoint(other, 'A', 'pretrained');
    const b = await addCheckpoint(other, 'B', 'sft', { parent: a.key });
    await setActiveCheckpoint(b.key);
    await deleteCheckpoint(b.key);
    expect(keys()).toEqual([SHIPPED_KEY, a.key]);
    expect(useStore.getState().activeKey).toBe(SHIPPED_KEY);
    await deleteCheckpoint(SHIPPED_KEY);
    expect(keys()).toContain(SHIPPED_KEY);
    await setActiveCheckpoint(a.key);
    await resetToShipped();
    expect(keys()).toEqual([SHIPPED_KEY]);
    expect(useStore.getState().activeKey).toBe(SHIPPED_KEY);
    expect((await lab.storage.list('checkpoints')).records).toEqual([]);
  });

  it('reports a full quota in words with the sizes, and changes nothing', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 49.5 * 2 ** 20, quota: 50 * 2 ** 20 }) } });
    lab = await startTestLab(shipped, memoryLabStorage({ quotaBytes: other.byteLength / 2 }));
    const error = await addCheckpoint(other, 'Too big', 'pretrained').catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^“Too big” could not be saved: the browser's storage for this site is full \(it needs \d+ KB\)\. This site already uses 49\.5 MB of the 50\.0 MB the browser allows\..*Nothing was changed\.$/,
    );
    expect(keys()).toEqual([SHIPPED_KEY]);
    expect(await importCheckpointFile(fileOf(other, 'big.tbt'))).toBe(false);
    expect(useStore.getState().labMessage).toEqual({ text: expect.stringMatching(/storage for this site is full/), isError: true });
    // Even remembering the active model can fail: it still applies, and the reader is told it will not last.
    lab.storage.setSetting = async () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    await setActiveCheckpoint(SHIPPED_KEY);
    expect(useStore.getState().labMessage?.text).toMatch(/^Your choice of model could not be saved: .* It applies until you reload\.$/);
  });
});

describe('model lab: bad input', () => {
  it('refuses a crafted checkpoint whose label is an object and loss a string, naming the field, changing nothing', async () => {
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    const crafted = await checkpointWithMeta({ label: { toString: 'evil' }, valLoss: 'low', kind: ['sft'], iter: 'many' });
    expect(await importCheckpointFile(fileOf(crafted, 'crafted.tbt'))).toBe(false);
    expect(useStore.getState().labMessage).toEqual({ text: expect.stringMatching(/“crafted.tbt” was not imported\..*meta\.(label|kind|iter|valLoss).*Nothing was changed/), isError: true });
    expect(keys()).toEqual([SHIPPED_KEY]);
    await reload();
    expect(keys()).toEqual([SHIPPED_KEY]);
  });

  it('skips a stored record it cannot read, lists it, and deletes it on request', async () => {
    const storage: LabStorage = memoryLabStorage();
    lab = await startTestLab(shipped, storage);
    const good = await addCheckpoint(other, 'Good', 'pretrained');
    await storage.put('checkpoints', { ...(await storage.get('checkpoints', good.key))!, key: 'odd', kind: 'alien' as 'sft' });
    await storage.put('checkpoints', { ...(await storage.get('checkpoints', good.key))!, key: 'unreadable', bytes: new Uint8Array([1, 2, 3]).buffer });
    await reload();
    expect(keys()).toEqual([SHIPPED_KEY, good.key, 'odd']); // an unknown kind reads as 'pretrained'
    const problems = useStore.getState().labProblems;
    expect(problems).toEqual([{ store: 'checkpoints', key: 'unreadable', reason: expect.stringMatching(/engine could not read it/) }]);
    expect(useStore.getState().labMessage).toEqual({ text: expect.stringMatching(/1 saved item could not be read/), isError: true });
    await deleteProblem(problems[0]);
    expect(useStore.getState().labProblems).toEqual([]);
    expect(await storage.get('checkpoints', 'unreadable')).toBeUndefined();
  });

  it('follows a second tab: what it saves or deletes appears here', async () => {
    const factory = new IDBFactory();
    lab = await startTestLab(shipped, await browserLabStorage(factory));
    const otherTab = await browserLabStorage(factory);
    const record = { key: 'from-tab-b', label: 'Saved in tab B', kind: 'rlhf' as const, parent: null, createdAt: new Date().toISOString(), lossHistory: [], hash: '', bytes: other };
    await otherTab.put('checkpoints', record);
    await vi.waitFor(() => expect(entry('from-tab-b')?.label).toBe('Saved in tab B'));
    await otherTab.put('ratings', { id: 'r1', prompt: 'p', a: 'x', b: 'y', choice: 'tie', rater: 'person', createdAt: new Date().toISOString() });
    await vi.waitFor(() => expect(useStore.getState().ratings).toHaveLength(1));
    await otherTab.delete('checkpoints', 'from-tab-b');
    await vi.waitFor(() => expect(keys()).toEqual([SHIPPED_KEY]));
    otherTab.close();
  });
});
