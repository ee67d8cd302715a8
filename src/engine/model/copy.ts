// A GPT with another GPT's configuration and weights, on the same backend: the starting point of a fine-tune or of
// an RLHF run, and the frozen reference PPO compares against. Reads the weights asynchronously (a GPU copy waits).
import type { Backend } from '../backends/backend';
import { withBackend } from '../runtime';
import { GPT } from './gpt';

/**
 * `frozen` (a run that trains only the top blocks of a model too big to train whole): the parameters it names are
 * never allocated nor copied but share the source's buffers, as they never change, and the copy skips the check
 * that the whole model fits for training (Trainer's trainLastBlocks checks the smaller need).
 */
export async function copyModel(model: GPT, { trainable = true, frozen }: { trainable?: boolean; frozen?: (name: string) => boolean } = {}): Promise<GPT> {
  const backend = model.backend;
  const copy = frozen
    ? withBackend(placeholder(backend), () => new GPT(model.config, 1337, { memory: 'inference', init: 'zeros' }))
    : withBackend(backend, () => new GPT(model.config));
  const source = model.namedParameters();
  for (const [name, p] of copy.namedParameters()) {
    if (frozen?.(name)) p.shareStorageOf(source.get(name)!);
    else {
      if (frozen) p.replaceStorage(backend, backend.alloc(p.size)); // a trained weight gets its own buffer
      p.assign(await source.get(name)!.data());
    }
    p.requiresGrad = trainable;
  }
  return copy;
}

/**
 * Stands in for `real` while a copy is built: its buffers hold nothing, so building a 124M model does not allocate
 * 475 MB that the wasm heap (one free list per size) could not give back to other sizes.
 */
function placeholder(real: Backend): Backend {
  const nothing = () => {};
  return new Proxy(real, {
    get: (target, key) => {
      if (key === 'alloc') return (size: number) => ({ size });
      if (key === 'kernels') return new Proxy({}, { get: () => nothing });
      if (key === 'free' || key === 'write') return nothing;
      return Reflect.get(target, key);
    },
  });
}
