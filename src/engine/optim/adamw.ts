// AdamW with PyTorch's semantics (decoupled weight decay, bias-corrected moments) and nanoGPT's parameter
// groups: matrices and embeddings decay, biases and LayerNorm gains do not. Gradient clipping by global norm
// folds into the update as a scale, so no gradient is rewritten.
import { keep, noGrad } from '../runtime';
import { Tensor } from '../tensor';
import type { Backend, DeviceBuffer } from '../backends/backend';

export interface AdamWOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Which parameters decay; default: nanoGPT's rule, every parameter of rank ≥ 2. */
  decays?: (p: Tensor) => boolean;
}

interface Slot {
  param: Tensor;
  m: Tensor;
  v: Tensor;
  decays: boolean;
}

export class AdamW {
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Updates taken so far (bias correction uses it). */
  stepCount = 0;
  private readonly slots: Slot[];

  constructor(params: Iterable<Tensor>, o: AdamWOptions) {
    this.lr = o.lr;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? 0;
    const decays = o.decays ?? ((p: Tensor) => p.rank >= 2);
    this.slots = [...params].map((param) => ({
      param,
      m: keep(new Tensor(param.shape, { backend: param.backend, buffer: param.backend.alloc(param.size) })),
      v: keep(new Tensor(param.shape, { backend: param.backend, buffer: param.backend.alloc(param.size) })),
      decays: decays(param),
    }));
  }

  /** One update of every parameter that has a gradient. gradScale multiplies gradients first (clipping). */
  step({ lr = this.lr, gradScale = 1 }: { lr?: number; gradScale?: number } = {}): void {
    this.stepCount++;
    for (const { param, m, v, decays } of this.slots) {
      if (!param.grad) continue;
      param.backend.kernels.adamw(param.buffer, param.grad.buffer, m.buffer, v.buffer, {
        lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: decays ? this.weightDecay : 0,
        step: this.stepCount, gradScale,
      });
    }
  }

  /**
   * One update with the gradients' global norm clipped to maxNorm (null: unclipped), as PyTorch's clip_grad_norm_
   * followed by step(); returns the norm before clipping. Reads the norm back, so it waits for the device once.
   */
  async stepClipped(maxNorm: number | null): Promise<number> {
    const norm = await gradNorm(this.slots.map((s) => s.param));
    noGrad(() => this.step({ gradScale: clipScale(norm, maxNorm) }));
    return norm;
  }

  /** The moments, for a checkpoint that resumes training exactly; `params[i]` is the parameter of m[i] and v[i]. */
  state(): { stepCount: number; params: Tensor[]; m: Tensor[]; v: Tensor[] } {
    return { stepCount: this.stepCount, params: this.slots.map((s) => s.param), m: this.slots.map((s) => s.m), v: this.slots.map((s) => s.v) };
  }

  loadState(state: { stepCount: number; m: ArrayLike<number>[]; v: ArrayLike<number>[] }): void {
    if (state.m.length !== this.slots.length || state.v.length !== this.slots.length) {
      throw new Error(`optimizer state has ${state.m.length} slots, this optimizer ${this.slots.length}`);
    }
    this.slots.forEach((s, i) => {
      s.m.assign(state.m[i]);
      s.v.assign(state.v[i]);
    });
    this.stepCount = state.stepCount;
  }

  dispose(): void {
    for (const s of this.slots) {
      s.m.dispose();
      s.v.dispose();
    }
  }
}

/**
 * Σ of every squared gradient entry, left on the device in a one-float buffer the caller frees (null when no
 * parameter has a gradient). The trainer reads it together with the loss: one read-back per step.
 */
export function gradSquaredSum(params: Iterable<Tensor>): { backend: Backend; buffer: DeviceBuffer } | null {
  const withGrad = [...params].filter((p) => p.grad);
  if (withGrad.length === 0) return null;
  const backend = withGrad[0].backend;
  const partial = backend.alloc(1);
  let acc = backend.alloc(1), spare = backend.alloc(1);
  for (const p of withGrad) {
    backend.kernels.sumSquares(p.grad!.buffer, partial);
    backend.kernels.binary('add', acc, partial, spare, { outShape: [1], aStrides: [1], bStrides: [1] });
    [acc, spare] = [spare, acc];
  }
  backend.free(partial);
  backend.free(spare);
  return { backend, buffer: acc };
}

/** The global L2 norm of the gradients (summed on the device; one number is read back). */
export async function gradNorm(params: Iterable<Tensor>): Promise<number> {
  const sum = gradSquaredSum(params);
  if (!sum) return 0;
  const value = (await sum.backend.readAsync(sum.buffer))[0];
  sum.backend.free(sum.buffer);
  return Math.sqrt(value);
}

/** PyTorch's clip_grad_norm_ factor: min(1, maxNorm / (norm + 1e-6)). */
export function clipScale(norm: number, maxNorm: number | null): number {
  if (maxNorm === null || !(maxNorm > 0)) return 1;
  return Math.min(1, maxNorm / (norm + 1e-6));
}
