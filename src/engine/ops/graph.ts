// The glue between ops and autograd: checks that inputs can meet, allocates outputs, and links a result to the
// backward function of the op that made it — only when some input needs a gradient and recording is on.
import type { Kernels } from '../backends/backend';
import { isGradEnabled } from '../runtime';
import { Tensor, type GradNode } from '../tensor';
import type { Shape } from '../util/shape';

export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  return isGradEnabled() && inputs.some((t) => t?.requiresGrad);
}

/** The kernels shared by `inputs`, which must all live on one backend. */
export function kernelsOf(...inputs: Tensor[]): Kernels {
  const backend = inputs[0].backend;
  for (const t of inputs) {
    if (t.backend !== backend) {
      throw new Error(`tensors on different backends (${backend.name} and ${t.backend.name}) cannot meet in one op`);
    }
  }
  return backend.kernels;
}

/** A new output tensor on the same backend as `like`. */
export function emptyLike(like: Tensor, shape: Shape = like.shape): Tensor {
  return new Tensor(shape, { backend: like.backend, buffer: like.backend.alloc(shapeSize(shape)) });
}

function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Links `out` to its inputs for backpropagation when any of them needs a gradient. Returns out. An op whose kernel
 * can add the gradients already collected for its inputs into its own also gives backwardAccumulating (GradNode).
 */
export function record(out: Tensor, op: string, inputs: Tensor[], backward: GradNode['backward'],
  backwardAccumulating?: GradNode['backwardAccumulating']): Tensor {
  if (needsGrad(...inputs)) {
    out.requiresGrad = true;
    out.gradNode = backwardAccumulating ? { op, inputs, backward, backwardAccumulating } : { op, inputs, backward };
  }
  return out;
}
