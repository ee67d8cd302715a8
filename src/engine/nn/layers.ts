// The three layers a GPT needs besides attention: Linear (PyTorch layout, weight (out, in)), Embedding and
// LayerNorm (optional bias, as nanoGPT's). Initialisation follows GPT-2: normal(0, 0.02), zero biases.
import { Module, normalTensor } from './module';
import { embedding, layerNorm, linear, residualLayerNorm } from '../ops';
import { full, zeros, type Tensor } from '../tensor';
import type { Rng } from '../util/rng';

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, { bias = true, std = 0.02, rng }: { bias?: boolean; std?: number; rng: Rng }) {
    super();
    this.weight = this.addParameter('weight', normalTensor([outFeatures, inFeatures], std, rng));
    this.bias = bias ? this.addParameter('bias', zeros([outFeatures])) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(count: number, dim: number, rng: Rng) {
    super();
    this.weight = this.addParameter('weight', normalTensor([count, dim], 0.02, rng));
  }

  /** ids (...) → vectors (..., dim) */
  forward(ids: Tensor): Tensor {
    return embedding(ids, this.weight);
  }
}

export class LayerNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(dim: number, { bias = true }: { bias?: boolean } = {}) {
    super();
    this.weight = this.addParameter('weight', full([dim], 1));
    this.bias = bias ? this.addParameter('bias', zeros([dim])) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, 1e-5);
  }

  /** LayerNorm of x + branch, with that sum (the new residual stream) too: one fused kernel (ops residualLayerNorm). */
  forwardResidual(x: Tensor, branch: Tensor): { sum: Tensor; normed: Tensor } {
    return residualLayerNorm(x, branch, this.weight, this.bias, 1e-5);
  }
}
