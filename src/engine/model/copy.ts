// A GPT with another GPT's configuration and weights, on the same backend: the starting point of a fine-tune or of
// an RLHF run, and the frozen reference PPO compares against. Reads the weights asynchronously (a GPU copy waits).
import { withBackend } from '../runtime';
import { GPT } from './gpt';

/**
 * `memory: 'inference'` skips the check that the whole model fits for training: a run that trains only its top
 * blocks checks its own, smaller, need (Trainer's trainLastBlocks).
 */
export async function copyModel(model: GPT, { trainable = true, memory = 'training' }: { trainable?: boolean; memory?: 'training' | 'inference' } = {}): Promise<GPT> {
  const copy = withBackend(model.backend, () => new GPT(model.config, 1337, { memory }));
  const source = model.namedParameters();
  for (const [name, p] of copy.namedParameters()) {
    p.assign(await source.get(name)!.data());
    p.requiresGrad = trainable;
  }
  return copy;
}
