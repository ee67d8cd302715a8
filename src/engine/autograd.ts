// Reverse-mode automatic differentiation, as in micrograd's engine.py: order the graph topologically from the
// loss, then walk it backwards, each node turning its output's gradient into its inputs'.
import { keep, noGrad } from './runtime';
import { Tensor, ones, type GradNode } from './tensor';
import { add } from './ops/binary';
import { formatShape, sameShape } from './util/shape';

/**
 * Fills `.grad` of every leaf tensor with requiresGrad that `loss` depends on. Gradients accumulate (+=) into
 * existing `.grad`s, so call zeroGrad between steps. `gradient` defaults to ones (loss is usually a scalar).
 */
export function backward(loss: Tensor, gradient?: Tensor): void {
  if (!loss.requiresGrad) throw new Error('backward(): the loss does not depend on any tensor that requires grad');
  const order = topologicalOrder(loss);
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    grads.set(loss, gradient ?? ones(loss.shape));
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      if (!t.gradNode) {
        accumulateLeafGrad(t, g);
        continue;
      }
      const node = t.gradNode;
      // A node that can add the gradients collected so far into its own (micrograd's +=) is handed them.
      const collected = node.backwardAccumulating ? collectedGrads(node, grads) : node.inputs.map(() => null);
      const inputGrads = node.backwardAccumulating ? node.backwardAccumulating(g, collected) : node.backward(g);
      node.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!gi || !input.requiresGrad) return;
        if (!sameShape(gi.shape, input.shape)) {
          throw new Error(`${node.op} backward gave a gradient of shape ${formatShape(gi.shape)} for an input of ${formatShape(input.shape)}`);
        }
        const previous = collected[k] ? null : grads.get(input); // a collected gradient is already inside gi
        grads.set(input, previous ? add(previous, gi) : gi);
      });
    }
  });
}

/** The gradient collected so far for each input; an input listed twice gets it at its first place only. */
function collectedGrads(node: GradNode, grads: Map<Tensor, Tensor>): (Tensor | null)[] {
  return node.inputs.map((input, k) => (node.inputs.indexOf(input) === k ? grads.get(input) ?? null : null));
}

function accumulateLeafGrad(leaf: Tensor, g: Tensor): void {
  if (leaf.grad) {
    const old = leaf.grad;
    leaf.grad = keep(add(old, g));
    old.dispose();
  } else {
    // The gradient may be a view shared with another tensor of the step; give the leaf its own copy of the link.
    leaf.grad = keep(new Tensor(g.shape, g));
  }
}

function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative depth-first search: a deep GPT graph would overflow the call stack recursively.
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [t, expanded] = stack.pop()!;
    if (expanded) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const input of t.gradNode?.inputs ?? []) if (input.requiresGrad && !seen.has(input)) stack.push([input, false]);
  }
  return order;
}

/** Drops the gradients of `params` (before the next step's backward). */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) {
    p.grad?.dispose();
    p.grad = null;
  }
}
