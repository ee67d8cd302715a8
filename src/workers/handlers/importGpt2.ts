// Opens a GPT-2 file from the reader's disk (Hugging Face's model.safetensors, with its config.json if they have
// it) and answers with one of our checkpoint files holding it, with GPT-2's own tokenizer (r50k_base), so the lab
// stores it and every chapter loads it like any model. The file is read tensor by tensor from the File the page
// passed (no copy of it in memory); bad files get a reader-facing message and nothing is kept.
import {
  blobSource, Gpt2FileError, gpt2Tensors, loadRankedBpe, planGpt2, RankedTokenizer, SafetensorsError, type ByteSource,
  type FullGPTConfig, type Gpt2Plan,
} from '../../engine';
import { MAX_CHECKPOINT_BYTES, modelDtypeFor, writeCheckpointBlob } from '../../engine/train/checkpoint';
import { contentHash } from '../contentHash';
import { InputError } from '../engineState';
import { s } from '../schema';
import { method, type HandlerContext } from './method';

export interface ImportGpt2Progress {
  stage: 'reading' | 'saving';
  /** Bytes of weights read so far, and in all. */
  read: number;
  total: number;
}

export interface ImportGpt2Result {
  /**
   * A checkpoint file (kind 'base') for the lab, as a Blob: the page stores it and hands it back to load without
   * reading its bytes (a Blob's bytes live outside the tab's heap, and IndexedDB keeps a stored one on disk).
   */
  file: Blob;
  /** SHA-256 of the file, hex (contentHash): the lab's twin check, without the page reading the file to hash it. */
  hash: string;
  config: FullGPTConfig;
  parameters: number;
  storedAs: string;
  /** float32 when it fits in a checkpoint, else float16 (and `note` says so). */
  savedAs: 'float32' | 'float16';
  configSource: string;
  bytesToRun: number;
  note: string | null;
}

export const importGpt2 = method({
  lane: 'queue',
  retry: false,
  params: s.object({
    file: s.blob(),
    /** The text of the model's config.json, when the reader gave it. */
    config: s.optional(s.string({ maxLength: 1_000_000 })),
    label: s.string({ minLength: 1, maxLength: 200 }),
  }),
  async run(p, { progress, signal }: HandlerContext<ImportGpt2Progress>): Promise<ImportGpt2Result> {
    const src = blobSource(p.file);
    const plan = await planGpt2File(src, p.config);
    if (plan.parameters * 2 > MAX_CHECKPOINT_BYTES - 1_000_000) {
      throw new InputError(`This model has ${(plan.parameters / 1e6).toFixed(0)}M parameters: even in float16 it needs ` +
        `${(plan.parameters * 2 / 2 ** 20).toFixed(0)} MB, and a checkpoint here holds at most ${MAX_CHECKPOINT_BYTES / 2 ** 20} MB. GPT-2 small (124M) fits.`);
    }
    const bpe = await gpt2Tokenizer(plan);
    // The file goes straight into the checkpoint, tensor by tensor: only one tensor (read and encoded) is in memory,
    // never a model (a 124M GPT-2 as a model plus a copy of its weights is what stalled a tab).
    const total = plan.parameters * 4;
    const tensors = gpt2Tensors(src, plan, (read, all) => {
      if (signal.aborted) throw new InputError('Opening the GPT-2 file was cancelled.');
      progress({ stage: 'reading', read, total: all });
    });
    // Keep float32 when the checkpoint can hold it; GPT-2 small (124M) in float32 is about 500 MB, past the limit.
    const savedAs = plan.storedAs === 'float32' && modelDtypeFor(plan.parameters) === 'float32' ? 'float32' : 'float16';
    // Written tensor by tensor into a Blob, never whole in this worker's memory (250 MB for 124M in float16).
    const file = await writeCheckpointBlob({
      config: plan.config, tokenizer: new RankedTokenizer('r50k_base', bpe).toJSON(),
      meta: {
        kind: 'base', label: p.label, createdAt: new Date().toISOString(), iter: 0,
        notes: { source: 'GPT-2 file (Hugging Face layout)', storedAs: plan.storedAs, configSource: plan.configSource },
      },
    }, tensors, { dtype: savedAs });
    progress({ stage: 'saving', read: total, total });
    const note = savedAs === 'float16' && plan.storedAs === 'float32'
      ? 'Kept in the lab in float16 (half the size; a checkpoint holds at most 256 MB): its outputs differ from the file\'s float32 weights by float16 rounding.'
      : null;
    // Hashed here, 4 MB at a time, so the page never reads the file (the lab's check for a file imported twice).
    const hash = await contentHash(file);
    return {
      file, hash, config: plan.config, parameters: plan.parameters, storedAs: plan.storedAs, savedAs,
      configSource: plan.configSource, bytesToRun: plan.bytesToRun, note,
    };
  },
});

/** The file's plan (names, shapes, dtype, config), with a reader-facing message for a file that is not GPT-2. */
export async function planGpt2File(src: ByteSource, config: string | undefined): Promise<Gpt2Plan> {
  try {
    return await planGpt2(src, config);
  } catch (error) {
    if (error instanceof Gpt2FileError || error instanceof SafetensorsError) throw new InputError(error.message);
    throw error;
  }
}

/** GPT-2's own tokenizer (r50k_base), refusing a file whose vocabulary cannot hold it. */
export async function gpt2Tokenizer(plan: Gpt2Plan): Promise<Awaited<ReturnType<typeof loadRankedBpe>>> {
  const bpe = await loadRankedBpe('r50k_base');
  if (plan.config.vocabSize < bpe.vocabSize) {
    throw new InputError(`This file's vocabulary has ${plan.config.vocabSize} tokens, but GPT-2's tokenizer has ${bpe.vocabSize}: it is not a GPT-2 language model.`);
  }
  return bpe;
}
