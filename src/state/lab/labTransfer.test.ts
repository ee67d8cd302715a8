import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../engine/tokenizer';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { SHIPPED_KEY } from '../slices/lab';
import { useStore } from '../store';
import { addCheckpoint } from './labActions';
import { addRating, saveRun, saveTokenizer } from './labCollections';
import { decodeLabFile, encodeLabFile, LAB_FILE_VERSION, type LabFileContents } from './labFile';
import { memoryLabStorage, type LabStorage } from './labStorage';
import { exportCheckpoint, exportItem, exportLab, importCheckpointFile } from './labTransfer';
import { fileOf, startTestLab, type TestLab } from './testing/labFixture';

let shipped: ArrayBuffer;
let retrained: ArrayBuffer;
let tuned: ArrayBuffer;
let lab: TestLab;

beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
  retrained = await tinyCheckpoint('retrained', 4);
  tuned = await tinyCheckpoint('tuned', 6);
});
afterEach(() => lab?.client.dispose());

/** A lab with a little of everything: two checkpoints in a line, a tokenizer, a rating, a run. */
async function fillLab() {
  const a = await addCheckpoint(retrained, 'Retrained', 'pretrained', { parent: SHIPPED_KEY, lossHistory: [{ iter: 0, loss: 3.4 }] });
  const b = await addCheckpoint(tuned, 'Tuned', 'sft', { parent: a.key });
  await saveTokenizer({ name: 'Letters of Romeo', json: CharTokenizer.fromText('Romeo').toJSON(), source: 'characters of “Romeo”' });
  await addRating({ prompt: 'Speak', a: 'Aye.', b: 'Nay.', choice: 'a', rater: 'person' });
  await saveRun({ kind: 'sft', config: { iters: 20 }, history: { loss: [3, 2] }, checkpointKey: b.key });
  return { a, b };
}

const labFile = async () => fileOf(await (await exportLab()).blob.arrayBuffer(), 'my-lab.tbtlab');
/** Everything storage holds, to show that a refused import changed nothing. */
const snapshot = async (storage: LabStorage) =>
  Promise.all((['checkpoints', 'tokenizers', 'ratings', 'runs'] as const).map(async (s) => (await storage.list(s)).records.map((r) => ('key' in r ? r.key : r.id))));
const counts = () => {
  const s = useStore.getState();
  return [s.checkpoints.length, s.tokenizers.length, s.ratings.length, s.runs.length];
};

describe('lab file', () => {
  it('round-trips the whole lab into an empty one: lineage, loss history and every collection', async () => {
    lab = await startTestLab(shipped);
    const { a, b } = await fillLab();
    const file = await labFile();
    lab.client.dispose();
    lab = await startTestLab(shipped, memoryLabStorage());
    expect(await importCheckpointFile(file)).toBe(true);
    expect(useStore.getState().labMessage?.text).toBe('Imported from “my-lab.tbtlab”: 2 checkpoints, 1 tokenizer, 1 rating, 1 run.');
    const [, first, second] = useStore.getState().checkpoints;
    expect(first).toMatchObject({ key: a.key, label: 'Retrained', kind: 'pretrained', parent: SHIPPED_KEY, lossHistory: [{ iter: 0, loss: 3.4 }] });
    expect(second).toMatchObject({ key: b.key, label: 'Tuned', kind: 'sft', parent: a.key });
    expect(useStore.getState().runs[0].checkpointKey).toBe(b.key);
    expect(useStore.getState().tokenizers[0].name).toBe('Letters of Romeo');
    const inspect = await lab.client.call('inspect', { key: b.key, text: 'ROMEO', temperature: 1, seed: 1, topCount: 2 });
    expect(inspect.tokens).toHaveLength(5);
  });

  it('imports the same lab file twice without doubling anything', async () => {
    lab = await startTestLab(shipped);
    await fillLab();
    const before = await snapshot(lab.storage);
    expect(await importCheckpointFile(await labFile())).toBe(false);
    expect(useStore.getState().labMessage).toEqual({ text: '“my-lab.tbtlab” was not imported. Everything in it is already in the lab. Nothing was changed.', isError: true });
    expect(await snapshot(lab.storage)).toEqual(before);
  });

  it('refuses a reward model file on its own, which would otherwise be listed as a language model', async () => {
    lab = await startTestLab(shipped);
    const before = await snapshot(lab.storage);
    expect(await importCheckpointFile(fileOf(await tinyCheckpoint('Reward model', 5, 'reward'), 'reward.tbt'))).toBe(false);
    expect(useStore.getState().labMessage?.text).toMatch(/^“reward\.tbt” was not imported\. It is a reward model on its own, not a language model\./);
    expect(await snapshot(lab.storage)).toEqual(before);
    expect(useStore.getState().checkpoints.map((c) => c.key)).toEqual([SHIPPED_KEY]);
  });

  it('refuses a checkpoint file that is already in the lab, the shipped one included', async () => {
    lab = await startTestLab(shipped);
    const a = await addCheckpoint(retrained, 'Mine', 'pretrained');
    expect(await importCheckpointFile(fileOf(retrained, 'again.tbt'))).toBe(false);
    expect(useStore.getState().labMessage?.text).toBe('“again.tbt” was not imported. It is already in the lab as “Mine”. Nothing was changed.');
    const exported = await exportCheckpoint(SHIPPED_KEY);
    expect(await importCheckpointFile(fileOf(await exported.blob.arrayBuffer(), exported.fileName))).toBe(false);
    expect(useStore.getState().labMessage?.text).toMatch(/already in the lab as “Shipped base model”/);
    expect(useStore.getState().checkpoints.map((c) => c.key)).toEqual([SHIPPED_KEY, a.key]);
  });

  it('exports one rating as a lab file of one item', async () => {
    lab = await startTestLab(shipped);
    const rating = await addRating({ prompt: 'Speak', a: 'Aye.', b: 'Nay.', choice: 'tie', rater: 'scripted:shorter' });
    const { blob } = await exportItem('ratings', rating.id);
    const contents = await decodeLabFile(new Uint8Array(await blob.arrayBuffer()));
    expect(contents).toEqual({ checkpoints: [], tokenizers: [], ratings: [rating], runs: [] });
  });
});

describe('a bad lab file changes nothing', () => {
  async function expectRefused(bytes: Uint8Array<ArrayBuffer>, reason: RegExp) {
    const before = await snapshot(lab.storage);
    const shown = counts();
    expect(await importCheckpointFile(fileOf(bytes, 'bad.tbtlab'))).toBe(false);
    expect(useStore.getState().labMessage).toEqual({ text: expect.stringMatching(/^“bad\.tbtlab” was not imported\. /), isError: true });
    expect(useStore.getState().labMessage?.text).toMatch(reason);
    expect(useStore.getState().labMessage?.text).toMatch(/Nothing was changed\.$/);
    expect(await snapshot(lab.storage)).toEqual(before);
    expect(counts()).toEqual(shown);
  }
  const empty: LabFileContents = { checkpoints: [], tokenizers: [], ratings: [], runs: [] };
  const newRating = { id: 'new', prompt: 'p', a: 'x', b: 'y', choice: 'a' as const, rater: 'person' as const, createdAt: '2026-11-30T10:00:00.000Z' };
  const newCheckpoint = (bytes: ArrayBuffer, hash = '') => ({ key: 'k', label: 'Odd', kind: 'sft' as const, parent: null, createdAt: '2026-11-30T10:00:00.000Z', lossHistory: [], hash, bytes });

  it('truncated, corrupted, a wrong version, an invalid record, an unusable checkpoint or tokenizer', async () => {
    lab = await startTestLab(shipped);
    await fillLab();
    const good = encodeLabFile({ ...empty, ratings: [newRating], checkpoints: [newCheckpoint(tuned.slice(0))] });
    // A rating that is new plus a checkpoint that is fine: only the file's flaw makes it refused.
    await expectRefused(good.slice(0, good.length - 10), /points outside the file/);
    const flipped = good.slice();
    flipped[flipped.length - 5] ^= 0xff;
    const withHash = encodeLabFile({ ...empty, ratings: [newRating], checkpoints: [newCheckpoint(tuned, 'ab'.repeat(32))] });
    withHash[withHash.length - 5] ^= 0xff;
    await expectRefused(withHash, /checkpoint 1 \(“Odd”\) does not match its checksum/);
    await expectRefused(flipped, /checkpoint “Odd” is unusable: This is not a usable checkpoint: its data does not match its checksum/);
    const version = good.slice();
    new DataView(version.buffer).setUint32(8, LAB_FILE_VERSION + 1, true);
    await expectRefused(version, /format version 2; this app reads version 1/);
    await expectRefused(encodeLabFile({ ...empty, ratings: [{ ...newRating, choice: 'both' as 'a' }] }), /rating 1: its choice is missing or not valid/);
    await expectRefused(
      encodeLabFile({ ...empty, ratings: [newRating], tokenizers: [{ id: 't', name: 'Broken', json: { format: 'nope' }, createdAt: newRating.createdAt, source: '' }] }),
      /tokenizer “Broken” is unusable/,
    );
    await expectRefused(encodeLabFile({ ...empty, ratings: [newRating, { ...newRating, choice: 'b' }] }), /two of its ratings have the same id/);
    await expectRefused(encodeLabFile({ ...empty, checkpoints: [{ ...newCheckpoint(tuned), kind: 'alien' as 'sft' }] }), /checkpoint 1 \(“Odd”\): its kind is missing or not valid/);
    const notJson = good.slice();
    notJson[16] = '<'.charCodeAt(0);
    await expectRefused(notJson, /its manifest is not valid JSON/);
  });

  it('a file larger than any this book makes is refused before it is read', async () => {
    lab = await startTestLab(shipped);
    const huge = { size: 2 ** 31, name: 'huge.tbtlab', arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob & { name: string };
    expect(await importCheckpointFile(huge)).toBe(false);
    expect(useStore.getState().labMessage?.text).toBe('“huge.tbtlab” was not imported. At 2048 MB it is larger than any file this book makes (1024 MB). Nothing was changed.');
  });

  it('too large for the quota: refused whole, with the sizes', async () => {
    lab = await startTestLab(shipped, memoryLabStorage({ quotaBytes: 1_000 }));
    const file = encodeLabFile({ checkpoints: [newCheckpoint(tuned)], tokenizers: [], ratings: [newRating], runs: [] });
    await expectRefused(file, /storage for this site is full \(it needs \d+ KB\)/);
  });
});
