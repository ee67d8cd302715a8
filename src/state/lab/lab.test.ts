import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineClient } from '../../workers/engineClient';
import { InProcessWorker } from '../../workers/testing/inProcessWorker';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { connectEngine } from '../engineConnection';
import { SHIPPED_KEY } from '../slices/lab';
import { resetStore, useStore } from '../store';
import { memoryCheckpointStore, type CheckpointStore } from './checkpointStore';
import {
  addCheckpoint, configureLab, deleteCheckpoint, exportCheckpoint, importCheckpointFile, resetToShipped, setActiveCheckpoint, startLab,
} from './labActions';

let shipped: ArrayBuffer;
let other: ArrayBuffer;
let client: EngineClient;
let storage: CheckpointStore;

beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
  other = await tinyCheckpoint('my retrained model', 4);
});
beforeEach(() => {
  resetStore();
  client = new EngineClient({ createWorker: () => new InProcessWorker() });
  connectEngine(client);
  storage = memoryCheckpointStore();
  configureLab({ storage, fetchShipped: async () => shipped });
});
afterEach(() => client.dispose());

const file = (bytes: ArrayBuffer | Uint8Array<ArrayBuffer>, name: string) => Object.assign(new Blob([bytes]), { name });
const keys = () => useStore.getState().checkpoints.map((c) => c.key);

describe('model lab', () => {
  it('starts with the shipped model, loaded and active', async () => {
    await startLab();
    const s = useStore.getState();
    expect(s.labStatus).toBe('ready');
    expect(s.activeKey).toBe(SHIPPED_KEY);
    expect(s.checkpoints).toHaveLength(1);
    expect(s.checkpoints[0]).toMatchObject({ isShipped: true, summary: { config: { nLayer: 2 } } });
  });

  it('says what went wrong when the shipped model cannot be fetched', async () => {
    configureLab({ storage, fetchShipped: async () => Promise.reject(new Error('the server answered 404')) });
    await startLab();
    expect(useStore.getState().labStatus).toBe('error');
    expect(useStore.getState().labMessage).toEqual({ text: expect.stringContaining('404'), isError: true });
  });

  it('keeps a saved checkpoint and the active choice across a reload', async () => {
    await startLab();
    const entry = await addCheckpoint(other, 'Retrained', 'retrained');
    await setActiveCheckpoint(entry.key);
    // A reload: fresh store, fresh engine, same storage.
    resetStore();
    client.dispose();
    client = new EngineClient({ createWorker: () => new InProcessWorker() });
    connectEngine(client);
    configureLab({ storage, fetchShipped: async () => shipped });
    await startLab();
    expect(keys()).toEqual([SHIPPED_KEY, entry.key]);
    expect(useStore.getState().activeKey).toBe(entry.key);
    const inspect = await client.call('inspect', { key: entry.key, text: 'ROMEO', temperature: 1, seed: 1, topCount: 2 });
    expect(inspect.tokens).toHaveLength(5);
  });

  it('refuses a corrupted import with a clear message and changes nothing', async () => {
    await startLab();
    const broken = new Uint8Array(other.slice(0));
    broken[broken.length - 3] ^= 0x55;
    expect(await importCheckpointFile(file(broken, 'broken.tbt'))).toBe(false);
    expect(useStore.getState().labMessage?.isError).toBe(true);
    expect(useStore.getState().labMessage?.text).toMatch(/“broken\.tbt” was not imported\. This is not a usable checkpoint: .*Nothing was changed\./);
    expect(keys()).toEqual([SHIPPED_KEY]);
    expect(await storage.list()).toEqual([]);
    expect(await importCheckpointFile(file(new TextEncoder().encode('hello'), 'notes.txt'))).toBe(false);
    expect(keys()).toEqual([SHIPPED_KEY]);
  });

  it('refuses an oversized file before reading it', async () => {
    await startLab();
    const huge = { size: 2 ** 30, name: 'huge.tbt', arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob & { name: string };
    expect(await importCheckpointFile(huge)).toBe(false);
    expect(useStore.getState().labMessage?.text).toMatch(/larger than any checkpoint/);
  });

  it('exports a checkpoint as a file that imports again', async () => {
    await startLab();
    const entry = await addCheckpoint(other, 'My run', 'retrained');
    const { fileName, blob } = await exportCheckpoint(entry.key);
    expect(fileName).toBe('My-run.tbt');
    expect(blob.size).toBe(other.byteLength);
    expect(await importCheckpointFile(file(await blob.arrayBuffer(), fileName))).toBe(true);
    expect(useStore.getState().checkpoints.at(-1)).toMatchObject({ label: 'my retrained model', kind: 'base', isShipped: false });
    expect((await exportCheckpoint(SHIPPED_KEY)).blob.size).toBe(shipped.byteLength);
  });

  it('deletes one checkpoint, and resets to the shipped model', async () => {
    await startLab();
    const a = await addCheckpoint(other, 'A', 'retrained');
    const b = await addCheckpoint(other, 'B', 'sft');
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
    expect(await storage.list()).toEqual([]);
  });
});
