// Lab actions on reward models: keep one the reader trained (with its lineage: the model it is a copy of, the
// ratings it learned, how well it fitted them), list them, read one's file back for scoring and PPO, export and
// delete. They live in the checkpoints store (records.ts, kind 'reward') but are never loaded as language
// models: the worker reads a reward model's bytes when a stage needs it.
import { useStore } from '../store';
import type { LabRewardModel } from '../slices/lab';
import { contentHash, describeWriteFailure, fileBytes, labDeps, LabError, say } from './labContext';
import { encodeLabFile, inBytes } from './labFile';
import { recordSize } from './labStorage';
import { checkCheckpoint, isRewardModelRecord, REWARD_KIND, type CheckpointRecord, type LossPoint, type RewardLineage, type RewardModelRecord } from './records';

/** The reward models among the stored checkpoints, into the store (at start, and whenever checkpoints are re-read). */
export function listRewardModels(records: readonly CheckpointRecord[]): void {
  const rewardModels: LabRewardModel[] = records.filter(isRewardModelRecord).map(({ bytes: _bytes, ...entry }) => entry);
  useStore.setState({ rewardModels });
}

async function reloadRewardModels(): Promise<void> {
  listRewardModels((await labDeps().storage.list('checkpoints')).records);
}

export interface NewRewardModel {
  /** The reward model's file (rlhfStages.saveRewardModel: the trunk as a checkpoint, the head in its notes). */
  bytes: ArrayBuffer;
  label: string;
  /** The language model it is a copy of. */
  parent: string;
  /** Its Bradley–Terry loss, step by step. */
  lossHistory: LossPoint[];
  reward: RewardLineage;
}

/**
 * Keeps a reward model in the lab; throws a LabError (and changes nothing) when it fails its check or the
 * browser cannot store it.
 * @example await saveRewardModel({ bytes, label: 'Reward model: 12 ratings', parent: 'base', lossHistory, reward })
 */
export async function saveRewardModel(m: NewRewardModel): Promise<LabRewardModel> {
  const record = {
    key: crypto.randomUUID(), label: m.label.trim() || 'Reward model', kind: REWARD_KIND, parent: m.parent,
    createdAt: new Date().toISOString(), lossHistory: m.lossHistory, hash: await contentHash(m.bytes), bytes: m.bytes, reward: m.reward,
  };
  const checked = checkCheckpoint(record);
  if (!checked.ok) throw new LabError(`The reward model was not saved: ${checked.reason}.`);
  try {
    await labDeps().storage.put('checkpoints', checked.value);
  } catch (error) {
    throw new LabError(await describeWriteFailure(`“${record.label}”`, error, recordSize(record)));
  }
  await reloadRewardModels();
  const { bytes: _bytes, ...entry } = record;
  return entry as LabRewardModel;
}

/** A kept reward model's file, or undefined when it is gone (deleted in another tab). */
export async function rewardModelBytes(key: string): Promise<ArrayBuffer | undefined> {
  const record = await labDeps().storage.get('checkpoints', key);
  return record && isRewardModelRecord(record) ? await fileBytes(record.bytes) : undefined;
}

export async function deleteRewardModel(key: string): Promise<void> {
  const entry = useStore.getState().rewardModels.find((r) => r.key === key);
  await labDeps().storage.delete('checkpoints', key);
  await reloadRewardModels();
  if (entry) say(`Deleted “${entry.label}”.`);
}

/** One reward model as a lab file of one item, so its lineage travels with it (import it like any lab file). */
export async function exportRewardModel(key: string): Promise<{ fileName: string; blob: Blob }> {
  const record = await labDeps().storage.get('checkpoints', key);
  if (!record || !isRewardModelRecord(record)) throw new LabError('That reward model is no longer in the lab.');
  const contents = await inBytes({ checkpoints: [record as RewardModelRecord], tokenizers: [], ratings: [], runs: [] });
  const name = record.label.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'reward-model';
  return { fileName: `${name}.tbtlab`, blob: new Blob([encodeLabFile(contents)]) };
}
