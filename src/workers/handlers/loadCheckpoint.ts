// Validates a checkpoint file and keeps the model it holds under `key` on the active backend; nothing is kept if
// the file is invalid (a CheckpointError says why).
import { loadRankedBpe, RankTableNotLoadedError, type GPTConfig, type TrainingMeta } from '../../engine';
import { MAX_CHECKPOINT_BYTES } from '../../engine/train/checkpoint';
import { s } from '../schema';
import { method } from './method';

export interface CheckpointSummary {
  key: string;
  config: GPTConfig;
  parameters: number;
  tokenizer: { kind: string; vocabSize: number };
  meta: TrainingMeta;
  bytes: number;
}

export const checkpointKey = () => s.string({ minLength: 1, maxLength: 200 });

export const loadCheckpoint = method({
  lane: 'queue',
  retry: true,
  params: s.object({ key: checkpointKey(), bytes: s.bytes({ maxBytes: MAX_CHECKPOINT_BYTES }) }),
  async run(p, { state }): Promise<CheckpointSummary> {
    try {
      return state.load(p.key, new Uint8Array(p.bytes));
    } catch (error) {
      // A GPT-2 model's tokenizer is GPT-2's rank table: read it once, then build.
      if (!(error instanceof RankTableNotLoadedError)) throw error;
      await loadRankedBpe(error.encoding);
      return state.load(p.key, new Uint8Array(p.bytes));
    }
  },
});
