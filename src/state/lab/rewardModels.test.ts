// Reward models in the lab: kept with their lineage beside the checkpoints (kind 'reward'), never loaded as
// language models, surviving a reload, travelling in lab files; and every record an older version stored
// (schema v1 and v2 checkpoints, ratings) still loads beside them.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { useStore } from '../store';
import { browserLabStorage } from './indexedDbStorage';
import { exportLab, importCheckpointFile } from './labTransfer';
import { deleteRewardModel, exportRewardModel, rewardModelBytes, saveRewardModel } from './labRewardModels';
import { checkCheckpoint, type CheckpointRecord, type RewardLineage } from './records';
import { checkpointWithMeta, fileOf, startTestLab, type TestLab } from './testing/labFixture';

let shipped: ArrayBuffer;
let sftBytes: ArrayBuffer;
let rewardBytes: ArrayBuffer;
let lab: TestLab | undefined;

beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
  sftBytes = await tinyCheckpoint('an sft model', 4);
  rewardBytes = await checkpointWithMeta({ kind: 'reward', label: 'Reward model' }, 6);
});
afterEach(() => {
  lab?.client.dispose();
  lab?.storage.close();
  lab = undefined;
});

const lineage: RewardLineage = { ratingIds: ['r1', 'r2'], trainPairs: 6, heldOutPairs: 2, heldOutAccuracy: 0.5, contradictions: 0, message: null };
const reloadOn = async (storage: TestLab['storage']) => {
  lab?.client.dispose();
  lab = await startTestLab(shipped, storage);
};

describe('reward models in the lab', () => {
  it('a record stored before reward models existed (schema v1 and v2) still loads, beside a reward model', async () => {
    const storage = await browserLabStorage(new IDBFactory());
    // Written as the older versions wrote them: v2 (no reward field), v1 (no parent, hash or loss; kind 'retrained').
    await storage.put('checkpoints', {
      key: 'v2', label: 'my sft', kind: 'sft', parent: 'base', createdAt: '2026-11-28T10:00:00.000Z', lossHistory: [{ iter: 0, loss: 3 }], hash: '', bytes: sftBytes,
    });
    await storage.put('checkpoints', { key: 'v1', label: 'old one', kind: 'retrained', createdAt: '2026-11-27T10:00:00.000Z', bytes: sftBytes.slice(0) } as unknown as CheckpointRecord);
    await storage.put('ratings', { id: 'r1', prompt: 'P', a: 'x', b: 'y', choice: 'a', rater: 'person', createdAt: '2026-11-28T10:00:00.000Z' });
    await storage.put('checkpoints', {
      key: 'rm', label: 'Reward model', kind: 'reward', parent: 'v2', createdAt: '2026-11-29T10:00:00.000Z', lossHistory: [], hash: '', bytes: rewardBytes, reward: lineage,
    });
    await reloadOn(storage);
    const s = useStore.getState();
    expect(s.labProblems).toEqual([]);
    expect(s.checkpoints.map((c) => [c.key, c.kind])).toEqual([['base', 'base'], ['v1', 'pretrained'], ['v2', 'sft']]);
    expect(s.ratings.map((r) => r.id)).toEqual(['r1']);
    expect(s.rewardModels).toEqual([expect.objectContaining({ key: 'rm', parent: 'v2', kind: 'reward', reward: lineage })]);
    expect(s.rewardModels[0]).not.toHaveProperty('bytes');
  });

  it('keeps a reward model across a reload, hands its file back, and deletes it', async () => {
    const storage = await browserLabStorage(new IDBFactory());
    await reloadOn(storage);
    const made = await saveRewardModel({ bytes: rewardBytes, label: 'Reward model: 2 ratings', parent: 'base', lossHistory: [{ iter: 1, loss: 0.69 }], reward: lineage });
    expect(useStore.getState().rewardModels.map((r) => r.key)).toEqual([made.key]);
    expect(useStore.getState().checkpoints.map((c) => c.key)).toEqual(['base']); // never a language model
    await reloadOn(storage);
    expect(useStore.getState().rewardModels).toEqual([expect.objectContaining({ key: made.key, label: 'Reward model: 2 ratings', parent: 'base', reward: lineage })]);
    expect(new Uint8Array((await rewardModelBytes(made.key))!)).toEqual(new Uint8Array(rewardBytes));
    await deleteRewardModel(made.key);
    expect(useStore.getState().rewardModels).toEqual([]);
    expect(await rewardModelBytes(made.key)).toBeUndefined();
  });

  it('refuses a reward model without its lineage, and a language model that claims one', async () => {
    lab = await startTestLab(shipped);
    await expect(saveRewardModel({ bytes: rewardBytes, label: 'x', parent: 'base', lossHistory: [], reward: { ...lineage, heldOutAccuracy: 2 } })).rejects.toThrow(
      /The reward model was not saved: its reward is missing or not valid/,
    );
    const base = { key: 'k', label: 'l', parent: null, createdAt: '2026-11-29T10:00:00.000Z', lossHistory: [], hash: '', bytes: rewardBytes };
    expect(checkCheckpoint({ ...base, kind: 'reward' })).toEqual({ ok: false, reason: 'its reward is missing or not valid' });
    expect(checkCheckpoint({ ...base, kind: 'sft', reward: lineage })).toEqual({ ok: false, reason: 'its reward is missing or not valid' });
    expect(checkCheckpoint({ ...base, kind: 'reward', reward: { ...lineage, ratingIds: [''] } }).ok).toBe(false);
    expect(checkCheckpoint({ ...base, kind: 'reward', reward: lineage }).ok).toBe(true);
  });

  it('travels in a lab file with its lineage, and comes back as a reward model, not a language model', async () => {
    lab = await startTestLab(shipped);
    await saveRewardModel({ bytes: rewardBytes, label: 'Reward model: 2 ratings', parent: 'base', lossHistory: [], reward: lineage });
    const [whole, one] = [await exportLab(), await exportRewardModel(useStore.getState().rewardModels[0].key)];
    expect(one.fileName).toBe('Reward-model-2-ratings.tbtlab');
    for (const file of [whole, one]) {
      lab?.client.dispose();
      lab = await startTestLab(shipped); // another browser: an empty lab
      expect(await importCheckpointFile(fileOf(new Uint8Array(await file.blob.arrayBuffer()), 'lab.tbtlab'))).toBe(true);
      const s = useStore.getState();
      expect(s.rewardModels).toEqual([expect.objectContaining({ label: 'Reward model: 2 ratings', parent: 'base', reward: lineage })]);
      expect(s.checkpoints.map((c) => c.key)).toEqual(['base']);
      // The same file again is recognised, not doubled.
      expect(await importCheckpointFile(fileOf(new Uint8Array(await file.blob.arrayBuffer()), 'lab.tbtlab'))).toBe(false);
      expect(useStore.getState().rewardModels).toHaveLength(1);
    }
  });
});
