// Opening a GPT-2 file in the lab (importGpt2Files) with the in-process engine: by default the model is saved like
// any checkpoint and survives a reload; kept "in memory only" it is usable at once, never written to storage, says
// so, survives another tab's change to the lab, has no stored file to export, and is gone after a reload.
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { SHIPPED_KEY } from '../slices/lab';
import { useStore } from '../store';
import { browserLabStorage } from './indexedDbStorage';
import { renameCheckpoint, setActiveCheckpoint } from './labActions';
import { startTestLab, type TestLab } from './testing/labFixture';
import { contentHash } from './labContext';
import { exportCheckpoint, importGpt2Files } from './labTransfer';

const fixtures = join(import.meta.dirname, '../../../tests/fixtures/gpt2');
const gpt2Files = () => [
  new File([readFileSync(join(fixtures, 'vocab-f16.safetensors'))], 'vocab-f16.safetensors'),
  new File([readFileSync(join(fixtures, 'vocab-config.json'))], 'vocab-config.json'),
];

let shipped: ArrayBuffer;
let lab: TestLab;
beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
});
afterEach(() => {
  lab?.client.dispose();
  lab?.storage.close();
});

const gpt2Entry = () => useStore.getState().checkpoints.find((c) => c.label.startsWith('GPT-2'));
const reload = async () => {
  lab.client.dispose();
  lab = await startTestLab(shipped, lab.storage);
};

describe('opening a GPT-2 file in the lab', () => {
  it('saves it by default: it is in storage and still there after a reload', async () => {
    lab = await startTestLab(shipped, await browserLabStorage(new IDBFactory()));
    expect(await importGpt2Files(gpt2Files())).toBe(true);
    const entry = gpt2Entry()!;
    expect(entry).toMatchObject({ label: 'GPT-2 (vocab-f16)', kind: 'base', summary: { tokenizer: { kind: 'ranked', vocabSize: 50257 } } });
    expect(entry.isMemoryOnly).toBeUndefined();
    expect(useStore.getState().labMessage?.text).toMatch(/saved in this browser/);
    const { records } = await lab.storage.list('checkpoints');
    expect(records.map((r) => r.key)).toEqual([entry.key]);
    // Stored as the Blob the engine made (IndexedDB keeps it on disk), with the engine's hash of its bytes.
    expect(records[0].bytes).toBeInstanceOf(Blob);
    expect(records[0].hash).toBe(await contentHash(records[0].bytes));
    expect(entry.hash).toBe(records[0].hash);
    await reload();
    expect(gpt2Entry()?.key).toBe(entry.key);
    const inspect = await lab.client.call('inspect', { key: entry.key, text: 'Hello', temperature: 1, seed: 1, topCount: 2 });
    expect(inspect.tokens.length).toBeGreaterThan(0);
  });

  it('keeps it in memory only when asked: usable, never stored, labelled, gone after a reload', async () => {
    const factory = new IDBFactory();
    lab = await startTestLab(shipped, await browserLabStorage(factory));
    expect(await importGpt2Files(gpt2Files(), undefined, { isMemoryOnly: true })).toBe(true);
    const entry = gpt2Entry()!;
    expect(entry.isMemoryOnly).toBe(true);
    expect(useStore.getState().labMessage?.text).toMatch(/kept in memory only.*gone when you close or reload the tab/);
    expect((await lab.storage.list('checkpoints')).records).toEqual([]);

    // Usable like any model: it can be chosen and renamed.
    await setActiveCheckpoint(entry.key);
    expect(useStore.getState().activeKey).toBe(entry.key);
    await renameCheckpoint(entry.key, 'My GPT-2');
    expect(useStore.getState().checkpoints.find((c) => c.key === entry.key)).toMatchObject({ label: 'My GPT-2', isMemoryOnly: true });

    // Another tab saves a model: this tab reads the stored lab again, and keeps the model that was never stored.
    const otherTab = await browserLabStorage(factory);
    const bytes = await tinyCheckpoint('from another tab', 9);
    await otherTab.put('checkpoints', {
      key: 'other-tab', label: 'from another tab', kind: 'pretrained', parent: null, createdAt: new Date().toISOString(), lossHistory: [], hash: '', bytes,
    });
    await vi.waitFor(() => expect(useStore.getState().checkpoints.map((c) => c.key)).toContain('other-tab'), { timeout: 10_000 });
    expect(useStore.getState().checkpoints.find((c) => c.key === entry.key)).toMatchObject({ isMemoryOnly: true });
    expect(useStore.getState().activeKey).toBe(entry.key);
    otherTab.close();

    await expect(exportCheckpoint(entry.key)).rejects.toThrow(/kept in memory only/);

    await reload();
    expect(useStore.getState().checkpoints.some((c) => c.key === entry.key)).toBe(false);
    expect(useStore.getState().activeKey).toBe(SHIPPED_KEY);
  });
});
