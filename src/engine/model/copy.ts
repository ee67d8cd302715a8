// A GPT with another GPT's configuration and weights, on the same backend: the starting point of a fine-tune or of
// an RLHF run, and the frozen reference PPO compares against. Reads the weights asynchronously (a GPU copy waits).
import { withBackend } from '../runtime';
import { GPT } from './gpt';

/**
 * `frozen` (a run that trains only the top blocks of a model too big to train whole): the parameters it names are
 * not copied but share the source's buffers, as they never change, and the copy skips the check that the whole
 * model fits for training (Trainer's trainLastBlocks checks the smaller need).
 */
export async function copyModel(model: GPT, { trainable = true, frozen }: { trainable?: boolean; frozen?: (name: string) => boolean } = {}): Promise<GPT> {
  const copy = withBackend(model.backend, () => (frozen ? new GPT(model.config, 1337, { memory: 'inference', init: 'zeros' }) : new GPT(model.config)));
  const source = model.namedParameters();
  for (const [name, p] of copy.namedParameters()) {
    if (frozen?.(name)) p.shareStorageOf(source.get(name)!);
    else p.assign(await source.get(name)!.data());
    p.requiresGrad = trainable;
  }
  return copy;
}
