// backward() with nodes that accumulate (GradNode.backwardAccumulating): they are handed the gradients collected so
// far for their inputs, and what they return replaces them (autograd adds nothing more).
import { describe, expect, it } from 'vitest';
import { backward } from './autograd';
import { tidy, withBackend } from './runtime';
import { tensor, type Tensor } from './tensor';
import { add, mul, mulScalar, sum } from './ops';
import { emptyLike, kernelsOf, record } from './ops/graph';
import { f64 } from './testing/gradCheck';

/** A leaf of requiresGrad with these values. */
function leaf(values: number[]): Tensor {
  const t = tensor(values);
  t.requiresGrad = true;
  return t;
}

/** out = f(inputs) as a copy of `value`, linked with an accumulating backward that logs what it was handed. */
function accumulatingOp(value: Tensor, inputs: Tensor[], own: (g: Tensor) => Tensor[], handed: (Tensor | null)[][]): Tensor {
  const out = emptyLike(value);
  kernelsOf(value).copyStrided(value.buffer, out.buffer, {
    shape: [value.size], srcStrides: [1], srcOffset: 0, dstStrides: [1], dstOffset: 0,
  });
  return record(out, 'accumulating', inputs, own, (g, collected) => {
    handed.push([...collected]);
    return own(g).map((gi, k) => (collected[k] ? add(collected[k]!, gi) : gi));
  });
}

describe('backward with accumulating nodes', () => {
  it('hands a node the gradient collected for its input and adds it only once', () => withBackend(f64, () => tidy(() => {
    const x = leaf([1, 2, 3]);
    const handed: (Tensor | null)[][] = [];
    // loss = Σ (x + 2x): the root's add gives x its gradient before the doubling node runs.
    const doubled = accumulatingOp(mulScalar(x, 2), [x], (g) => [mulScalar(g, 2)], handed);
    backward(sum(add(x, doubled)));
    expect(handed).toHaveLength(1);
    expect(Array.from(handed[0][0]!.toArray())).toEqual([1, 1, 1]);
    expect(Array.from(x.grad!.toArray())).toEqual([3, 3, 3]);
  })));

  it('hands an input listed twice its collected gradient once', () => withBackend(f64, () => tidy(() => {
    const x = leaf([1, 2, 3]);
    const handed: (Tensor | null)[][] = [];
    // loss = Σ (x + x⊙x): d/dx = 1 + 2x
    const squared = accumulatingOp(mul(x, x), [x, x], (g) => [mul(g, x), mul(g, x)], handed);
    backward(sum(add(x, squared)));
    expect(handed[0][0]).not.toBeNull();
    expect(handed[0][1]).toBeNull();
    expect(Array.from(x.grad!.toArray())).toEqual([3, 5, 7]);
  })));

  it('hands nothing to a node whose inputs have collected nothing yet', () => withBackend(f64, () => tidy(() => {
    const x = leaf([1, -1]);
    const handed: (Tensor | null)[][] = [];
    backward(sum(accumulatingOp(mulScalar(x, 3), [x], (g) => [mulScalar(g, 3)], handed)));
    expect(handed).toEqual([[null]]);
    expect(Array.from(x.grad!.toArray())).toEqual([3, 3]);
  })));
});
