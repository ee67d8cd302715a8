// Module: something with named parameters and child modules, as torch.nn.Module. Names compose with dots
// ("h.0.attn.c_attn.weight"), which is also how checkpoints and the golden fixture name them.
import { keep } from '../runtime';
import { tensor, type Tensor } from '../tensor';
import type { Rng } from '../util/rng';
import type { Shape } from '../util/shape';

export abstract class Module {
  private readonly params = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /** Registers a trainable tensor under `name`. */
  protected addParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    keep(t);
    this.params.set(name, t);
    return t;
  }

  protected addModule<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** Every parameter with its full dotted name, in registration order (depth first). */
  namedParameters(prefix = ''): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, p] of this.params) {
      p.name = prefix + name;
      out.set(prefix + name, p);
    }
    for (const [name, child] of this.children) {
      for (const [n, p] of child.namedParameters(`${prefix}${name}.`)) out.set(n, p);
    }
    return out;
  }

  parameters(): Tensor[] {
    return [...this.namedParameters().values()];
  }

  /** Frees every parameter (and its gradient). */
  dispose(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.dispose();
    }
  }
}

/** A tensor of normal(0, std) samples from a seeded generator. */
export function normalTensor(shape: Shape, std: number, rng: Rng): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const values = new Float32Array(n);
  // A model about to be loaded from a checkpoint draws zeros: the array already holds them (loading the shipped
  // model on the first visit spent 100-450 ms here, measured in Chromium on the shared 2-core machine).
  if (!rng.drawsOnlyZeros) for (let i = 0; i < n; i++) values[i] = rng.normal() * std;
  return tensor(values, shape);
}
