// Initialises a GPT with exactly the weights nanoGPT's model.py draws after `torch.manual_seed(seed)`.
//
// nanoGPT builds its modules first (each nn.Embedding draws normal(0, 1), each nn.Linear draws Kaiming-uniform
// weights and, with bias, uniform biases), then re-initialises every Linear and Embedding with normal(0, 0.02) in
// module order, the tied lm_head last (so the token embedding ends up with lm_head's draw), and finally redraws
// each residual projection (`c_proj`) with std 0.02/√(2·n_layer). Every one of those draws moves the random
// stream, including the ones that are overwritten, so they are replayed here in the same order and size.
import type { GPT } from './gpt';
import { TorchGenerator } from '../util/torchGenerator';

export function initLikeNanoGPT(model: GPT, gen: TorchGenerator): void {
  const c = model.config;
  if (c.positional !== 'learned') throw new Error('nanoGPT has learned positions; this init needs positional "learned"');
  const params = model.namedParameters();
  const param = (name: string) => {
    const p = params.get(name);
    if (!p) throw new Error(`the model has no parameter ${name}`);
    return p;
  };
  const sizeOf = (name: string) => param(name).shape.reduce((a, b) => a * b, 1);
  const normal = (n: number, std: number) => gen.normalFill(new Float32Array(n), 0, std);
  const drawInto = (name: string, std: number) => param(name).assign(normal(sizeOf(name), std));
  const linears = (i: number) => [`h.${i}.attn.c_attn`, `h.${i}.attn.c_proj`, `h.${i}.mlp.c_fc`, `h.${i}.mlp.c_proj`];

  // 1. Construction: nn.Embedding's and nn.Linear's own initialisation, all overwritten below.
  normal(sizeOf('wte.weight'), 1);
  normal(sizeOf('wpe.weight'), 1);
  for (let i = 0; i < c.nLayer; i++) {
    for (const linear of linears(i)) {
      const [, fanIn] = param(`${linear}.weight`).shape;
      const bound = 1 / Math.sqrt(fanIn); // kaiming_uniform_(a=√5) and the bias both use 1/√fan_in
      gen.uniformFill(new Float32Array(sizeOf(`${linear}.weight`)), -bound, bound);
      if (c.bias) gen.uniformFill(new Float32Array(sizeOf(`${linear}.bias`)), -bound, bound);
    }
  }
  const lmHeadSize = sizeOf('wte.weight');
  gen.uniformFill(new Float32Array(lmHeadSize), -1 / Math.sqrt(c.nEmbd), 1 / Math.sqrt(c.nEmbd));

  // 2. _init_weights over the modules in order: wte (then overwritten by the tied lm_head), wpe, each block's Linears.
  normal(lmHeadSize, 0.02);
  drawInto('wpe.weight', 0.02);
  for (let i = 0; i < c.nLayer; i++) for (const linear of linears(i)) drawInto(`${linear}.weight`, 0.02);
  drawInto('wte.weight', 0.02); // lm_head, tied to wte

  // 3. The scaled residual projections, in parameter order.
  const projStd = 0.02 / Math.sqrt(2 * c.nLayer);
  for (let i = 0; i < c.nLayer; i++) {
    drawInto(`h.${i}.attn.c_proj.weight`, projStd);
    drawInto(`h.${i}.mlp.c_proj.weight`, projStd);
  }
  // Biases are zero and LayerNorms are (1, 0) in both implementations already.
}
