import { describe, it, expect } from 'vitest';
import { createJsBackend } from './backends/js/jsBackend';
import type { Backend } from './backends/backend';
import { keep, noGrad, tidy, withBackend, isGradEnabled } from './runtime';
import { GPT } from './model/gpt';
import { tensor } from './tensor';
import { backward, zeroGrad } from './autograd';

/** A js backend that counts live buffers, to see what tidy() frees. */
function countingBackend(): Backend & { live: () => number } {
  const inner = createJsBackend('float32');
  let live = 0;
  return {
    ...inner,
    alloc: (n) => { live++; return inner.alloc(n); },
    free: (b) => { live--; inner.free(b); },
    live: () => live,
  };
}

describe('tidy and memory', () => {
  it('frees every intermediate of a training step; only parameters and their gradients stay', () => {
    const backend = countingBackend();
    withBackend(backend, () => {
      const model = new GPT({ vocabSize: 10, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' });
      const params = model.parameters();
      const afterInit = backend.live();
      expect(afterInit).toBe(params.length);
      for (let step = 0; step < 3; step++) {
        zeroGrad(params);
        const loss = tidy(() => {
          const out = model.forward(tensor([1, 2, 3, 4], [1, 4]), { targets: tensor([2, 3, 4, 5], [1, 4]) });
          backward(out.loss!);
          return out.loss!;
        });
        loss.dispose();
        expect(backend.live()).toBe(2 * params.length); // each parameter and its gradient
      }
      zeroGrad(params);
      model.dispose();
      expect(backend.live()).toBe(0);
    });
  });

  it('returns tensors from nested scopes to the enclosing scope, and keep() lets one escape all scopes', () => {
    const backend = countingBackend();
    withBackend(backend, () => {
      let kept = null as ReturnType<typeof tensor> | null;
      tidy(() => {
        const inner = tidy(() => {
          kept = keep(tensor([1]));
          tensor([2]);
          return tensor([3]);
        });
        expect(inner.isDisposed).toBe(false);
      });
      expect(backend.live()).toBe(1);
      expect(kept!.item()).toBe(1);
    });
  });

  it('noGrad restores recording even when the function throws', () => {
    expect(() => noGrad(() => { throw new Error('x'); })).toThrow('x');
    expect(isGradEnabled()).toBe(true);
  });

  it('a disposed tensor says so when used', () => {
    const t = tensor([1, 2]);
    t.dispose();
    expect(() => t.toArray()).toThrow(/disposed/);
  });
});
