// Validates a checkpoint file and keeps the model it holds under `key` on the active backend; nothing is kept if
// the file is invalid (a CheckpointError says why).
import { loadRankedBpe, RankTableNotLoadedError, type GPTConfig, type TrainingMeta } from '../../engine';
import { MAX_CHECKPOINT_BYTES } from '../../engine/train/checkpoint';
import { InputError } from '../engineState';
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

/**
 * Give `bytes` (the file's bytes, kept in the worker to rebuild the model on a backend switch) or `blob` (the file
 * as a Blob, read to build and kept instead of its bytes: what the lab sends for a large model it stores).
 */
export const loadCheckpoint = method({
  lane: 'queue',
  retry: true,
  params: s.object({
    key: checkpointKey(),
    bytes: s.optional(s.bytes({ maxBytes: MAX_CHECKPOINT_BYTES })),
    blob: s.optional(s.blob({ maxBytes: MAX_CHECKPOINT_BYTES })),
  }),
  async run(p, { state }): Promise<CheckpointSummary> {
    if ((p.bytes === undefined) === (p.blob === undefined)) throw new InputError('params must give either bytes or blob (the checkpoint file), not both and not neither.');
    const load = () => (p.blob ? state.loadBlob(p.key, p.blob) : state.load(p.key, new Uint8Array(p.bytes!)));
    try {
      return await load();
    } catch (error) {
      // A GPT-2 model's tokenizer is GPT-2's rank table: read it once, then build.
      if (!(error instanceof RankTableNotLoadedError)) throw error;
      await loadRankedBpe(error.encoding);
      return await load();
    }
  },
});
