// Opens a GPT-2 file from the reader's disk straight into a model under `key`, with no checkpoint bytes made or
// kept: for a model the reader keeps in memory only. importGpt2 + loadCheckpoint would hold the model (500 MB for
// 124M in float32) plus a 250 MB float16 checkpoint in the worker and another copy on the page; here the worker
// holds the model and one tensor while reading, and keeps the File (a handle, not its bytes) to read it again when
// the backend changes or a restarted worker replays it (engineClient remembers this call like loadCheckpoint).
// The weights stay float32, exactly the file's, where the checkpoint route rounds them to float16.
import { blobSource, loadGpt2, RankedTokenizer, type FullGPTConfig, type LoadedModel } from '../../engine';
import { InputError } from '../engineState';
import { s } from '../schema';
import { checkpointKey, type CheckpointSummary } from './loadCheckpoint';
import { method, type HandlerContext } from './method';
import { gpt2Tokenizer, planGpt2File, type ImportGpt2Progress } from './importGpt2';

export interface OpenGpt2Result {
  summary: CheckpointSummary;
  config: FullGPTConfig;
  parameters: number;
  storedAs: string;
  configSource: string;
}

export const openGpt2 = method({
  lane: 'queue',
  retry: true,
  params: s.object({
    key: checkpointKey(),
    file: s.blob(),
    /** The text of the model's config.json, when the reader gave it. */
    config: s.optional(s.string({ maxLength: 1_000_000 })),
    label: s.string({ minLength: 1, maxLength: 200 }),
    createdAt: s.string({ minLength: 1, maxLength: 40 }),
  }),
  async run(p, { state, progress, signal }: HandlerContext<ImportGpt2Progress>): Promise<OpenGpt2Result> {
    const src = blobSource(p.file);
    const plan = await planGpt2File(src, p.config);
    const bpe = await gpt2Tokenizer(plan);
    const meta = {
      kind: 'base', label: p.label, createdAt: p.createdAt, iter: 0,
      notes: { source: 'GPT-2 file (Hugging Face layout), kept in memory only', storedAs: plan.storedAs, configSource: plan.configSource },
    };
    const tokenizer = new RankedTokenizer('r50k_base', bpe);
    const build = async (report?: (read: number, all: number) => void): Promise<LoadedModel> => ({
      model: await loadGpt2(src, plan, report), tokenizer, meta, optimizerState: null,
    });
    const loaded = await build((read, all) => {
      if (signal.aborted) throw new InputError('Opening the GPT-2 file was cancelled.');
      progress({ stage: 'reading', read, total: all });
    });
    const summary = state.adopt(p.key, loaded, () => build(), p.file.size);
    return { summary, config: plan.config, parameters: plan.parameters, storedAs: plan.storedAs, configSource: plan.configSource };
  },
});
