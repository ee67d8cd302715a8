// A GPT with another GPT's configuration and weights, on the same backend: the starting point of a fine-tune or of
// an RLHF run, and the frozen reference PPO compares against. Reads the weights asynchronously (a GPU copy waits).
import { withBackend } from '../runtime';
import { GPT } from './gpt';

export async function copyModel(model: GPT, { trainable = true }: { trainable?: boolean } = {}): Promise<GPT> {
  const copy = withBackend(model.backend, () => new GPT(model.config));
  const source = model.namedParameters();
  for (const [name, p] of copy.namedParameters()) {
    p.assign(await source.get(name)!.data());
    p.requiresGrad = trainable;
  }
  return copy;
}
