// The feed-forward half of a block, as nanoGPT's MLP: widen to 4C, GELU, project back to C. GELU is exact
// (nanoGPT's nn.GELU()) or GPT-2's tanh approximation, as the config says.
import { Module } from './module';
import { Linear } from './layers';
import { dropout, geluLinear, linear } from '../ops';
import type { Tensor } from '../tensor';
import type { Rng } from '../util/rng';
import type { Trace } from './trace';

/** The non-linearity: exact GELU x·Φ(x) (PyTorch's nn.GELU(), nanoGPT) or GPT-2's tanh approximation. */
export type Activation = 'gelu' | 'gelu_tanh';

export class MLP extends Module {
  readonly c_fc: Linear;
  readonly c_proj: Linear;

  constructor(nEmbd: number, readonly dropoutP: number, bias: boolean, nLayer: number, rng: Rng,
    readonly activation: Activation = 'gelu') {
    super();
    this.c_fc = this.addModule('c_fc', new Linear(nEmbd, 4 * nEmbd, { bias, rng }));
    this.c_proj = this.addModule('c_proj', new Linear(4 * nEmbd, nEmbd, { bias, rng, std: 0.02 / Math.sqrt(2 * nLayer) }));
  }

  forward(x: Tensor, ctx: { layer: number; trace?: Trace; training: boolean; rng: Rng }): Tensor {
    // c_fc's product; then its bias, the GELU and c_proj as one op, whose backward multiplies by gelu′ inside the
    // GEMM that makes c_proj's input gradient (ops/geluLinear.ts)
    const hidden = linear(x, this.c_fc.weight, null); // (B, T, 4C)
    const variant = this.activation === 'gelu' ? 'gelu' : 'geluTanh';
    const { act, y } = geluLinear(hidden, this.c_fc.bias, variant, this.c_proj.weight, this.c_proj.bias);
    ctx.trace?.record({ site: 'mlp.act', layer: ctx.layer }, act);
    return ctx.training ? dropout(y, this.dropoutP, ctx.rng) : y;
  }
}
