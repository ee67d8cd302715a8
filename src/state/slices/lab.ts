// The model lab: the shipped base checkpoint and every checkpoint the reader makes (retrained base, SFT, RLHF),
// one of them active. Only descriptions live in the store; the bytes live in IndexedDB and in the engine worker.
import type { CheckpointSummary } from '../../workers/protocol';

export const SHIPPED_KEY = 'base';

export interface LabCheckpoint {
  key: string;
  /** The reader's name for it ("Base, retrained 200 steps"). */
  label: string;
  /** base, retrained, sft, rlhf, imported… */
  kind: string;
  createdAt: string;
  isShipped: boolean;
  summary: CheckpointSummary;
}

export type LabStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LabState {
  checkpoints: LabCheckpoint[];
  activeKey: string;
  labStatus: LabStatus;
  /** Download of the shipped model: bytes so far and total (total 0 when the server does not say). */
  labProgress: { loaded: number; total: number } | null;
  /** The last thing the lab did or could not do, for a status line. */
  labMessage: { text: string; isError: boolean } | null;
}

export function initialLab(): LabState {
  return { checkpoints: [], activeKey: SHIPPED_KEY, labStatus: 'idle', labProgress: null, labMessage: null };
}
