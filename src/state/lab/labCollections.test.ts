import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../engine/tokenizer';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { SHIPPED_KEY } from '../slices/lab';
import { useStore } from '../store';
import { addCheckpoint, setActiveCheckpoint } from './labActions';
import {
  addRating, clearRatings, deleteRating, deleteRun, deleteTokenizer, renameTokenizer, saveRun, saveTokenizer,
} from './labCollections';
import { compare, currentModel, latestOfKind } from './labQueries';
import type { Rater } from './records';
import { startTestLab, type TestLab } from './testing/labFixture';

let shipped: ArrayBuffer;
let other: ArrayBuffer;
let lab: TestLab;

beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
  other = await tinyCheckpoint('other', 4);
});
afterEach(() => lab?.client.dispose());

describe('lab collections', () => {
  it('keeps tokenizers that rebuild, renames and deletes them, and refuses a broken one', async () => {
    lab = await startTestLab(shipped);
    const json = CharTokenizer.fromText('to be or not').toJSON();
    const t = await saveTokenizer({ name: 'Hamlet letters', json, source: 'characters of “to be or not”' });
    expect(useStore.getState().tokenizers).toEqual([t]);
    await renameTokenizer(t.id, 'Letters');
    expect(useStore.getState().tokenizers[0].name).toBe('Letters');
    await expect(saveTokenizer({ name: 'Broken', json: { ...json, symbols: 'abc' }, source: '' })).rejects.toThrow(/The tokenizer “Broken” was not saved: /);
    expect(useStore.getState().tokenizers).toHaveLength(1);
    await deleteTokenizer(t.id);
    expect(useStore.getState().tokenizers).toEqual([]);
    await expect(renameTokenizer(t.id, 'Gone')).rejects.toThrow(/deleted in another tab/);
  });

  it('keeps ratings from a person or a scripted rater, deletes one, clears them, and refuses a malformed one', async () => {
    lab = await startTestLab(shipped);
    const one = await addRating({ prompt: 'Speak', a: 'Aye.', b: 'Nay.', choice: 'a', rater: 'person' });
    await addRating({ prompt: 'Speak', a: 'Aye.', b: 'Nay, my lord.', choice: 'b', rater: 'scripted:longer' });
    expect(useStore.getState().ratings.map((r) => r.rater)).toEqual(['person', 'scripted:longer']);
    await expect(addRating({ prompt: 'Speak', a: 'x', b: 'y', choice: 'a', rater: 'scripted:' as Rater })).rejects.toThrow(/its rater is missing or not valid/);
    await deleteRating(one.id);
    expect(useStore.getState().ratings).toHaveLength(1);
    await clearRatings();
    expect(useStore.getState().ratings).toEqual([]);
    expect((await lab.storage.list('ratings')).records).toEqual([]);
  });

  it('keeps training runs with their histories, and deletes them', async () => {
    lab = await startTestLab(shipped);
    const run = await saveRun({ kind: 'pretrained', config: { iters: 100, lr: 1e-3 }, history: { loss: [4, 3.2], valLoss: [3.5] }, checkpointKey: null });
    expect(useStore.getState().runs).toEqual([run]);
    await expect(saveRun({ kind: 'pretrained', config: {}, history: { loss: [1, Number.NaN] }, checkpointKey: null })).rejects.toThrow(/its history/);
    await deleteRun(run.id);
    expect(useStore.getState().runs).toEqual([]);
  });
});

describe('lab queries', () => {
  it('answers the current model, the latest of a kind, and compares two along their lineage', async () => {
    lab = await startTestLab(shipped);
    expect(currentModel()?.key).toBe(SHIPPED_KEY);
    expect(latestOfKind('sft')).toBeUndefined();
    const first = await addCheckpoint(other, 'SFT 1', 'sft', { parent: SHIPPED_KEY });
    const second = await addCheckpoint(other, 'SFT 2', 'sft', { parent: first.key });
    const stray = await addCheckpoint(other, 'Retrained', 'pretrained');
    expect(latestOfKind('sft')?.key).toBe(second.key);
    expect(latestOfKind('base')?.key).toBe(SHIPPED_KEY);
    await setActiveCheckpoint(second.key);
    expect(currentModel()?.label).toBe('SFT 2');
    expect(compare(SHIPPED_KEY, second.key)).toMatchObject({ a: { key: SHIPPED_KEY }, b: { key: second.key }, isAncestor: true });
    expect(compare(stray.key, second.key).isAncestor).toBe(false);
    expect(() => compare(SHIPPED_KEY, 'nope')).toThrow(/no checkpoint “nope”/);
  });
});
