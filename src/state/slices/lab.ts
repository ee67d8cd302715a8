// The lab: everything the reader makes, kept across visits. Checkpoints (the shipped base and the reader's
// pretrained, sft and rlhf models, one of them active), tokenizers, ratings and training runs. Only descriptions
// live in the store; checkpoint bytes live in storage (state/lab) and in the engine worker.
// Each part is its own slice, so a chapter re-renders only when the list it reads changes.
import type { CheckpointSummary } from '../../workers/protocol';
import type { StoredProblem } from '../lab/labStorage';
import type { CheckpointKind, LossPoint, RatingRecord, RewardModelRecord, RunRecord, TokenizerRecord } from '../lab/records';

export const SHIPPED_KEY = 'base';

export interface LabCheckpoint {
  key: string;
  /** The reader's name for it ("Base, retrained 200 steps"). */
  label: string;
  kind: CheckpointKind;
  /** The checkpoint it was trained from, or null. */
  parent: string | null;
  createdAt: string;
  isShipped: boolean;
  lossHistory: LossPoint[];
  /** SHA-256 of the file, hex (empty while unknown). */
  hash: string;
  /** What the engine read from the file; its free-text fields are checked before they get here (labModels.ts). */
  summary: CheckpointSummary;
  /** Kept in the engine only, at the reader's request (a large GPT-2): not stored, gone when the tab closes. */
  isMemoryOnly?: boolean;
}

export type LabStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LabCheckpointsState {
  checkpoints: LabCheckpoint[];
  activeKey: string;
  labStatus: LabStatus;
  /**
   * The active model is in the engine, so figures may compute, though the rest of the lab may still be loading
   * (labActions.startLab); true whenever labStatus is 'ready'.
   */
  labModelReady: boolean;
  /** Download of the shipped model: bytes so far and total (total 0 when the server does not say). */
  labProgress: { loaded: number; total: number } | null;
  /** The last thing the lab did or could not do, for a status line. */
  labMessage: { text: string; isError: boolean } | null;
}

/** Tokenizers the reader trained, ratings they (or a scripted rater) gave, and their training runs, oldest first. */
export interface LabCollectionsState {
  tokenizers: TokenizerRecord[];
  ratings: RatingRecord[];
  runs: RunRecord[];
  /** Reward models the reader trained (stored with the checkpoints; their bytes stay in storage), oldest first. */
  rewardModels: LabRewardModel[];
}

/** A reward model as the lab lists it: its record without the bytes (labRewardModels.ts reads those on demand). */
export type LabRewardModel = Omit<RewardModelRecord, 'bytes'>;

export interface LabStorageState {
  /** Stored records that failed their check: skipped, and listed so the reader can delete them. */
  labProblems: StoredProblem[];
  /** Whether the lab survives a reload (false: memory only, e.g. a private window). */
  labIsPersistent: boolean;
}

export type LabState = LabCheckpointsState & LabCollectionsState & LabStorageState;

export function initialLab(): LabState {
  return {
    checkpoints: [], activeKey: SHIPPED_KEY, labStatus: 'idle', labModelReady: false, labProgress: null, labMessage: null,
    tokenizers: [], ratings: [], runs: [], rewardModels: [],
    labProblems: [], labIsPersistent: false,
  };
}
