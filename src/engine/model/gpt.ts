// The GPT, read top to bottom as nanoGPT's model.py: token (and position) embeddings, a stack of pre-LayerNorm
// blocks (x + attn(ln_1(x)), then x + mlp(ln_2(x))), a final LayerNorm, and an output head tied to the token
// embedding. Parameter names follow GPT-2 ("wte.weight", "h.0.attn.c_attn.weight", "ln_f.weight").
import { Module } from '../nn/module';
import { Embedding, LayerNorm } from '../nn/layers';
import { CausalSelfAttention, type KVCache } from '../nn/attention';
import { MLP } from '../nn/mlp';
import { add, crossEntropy, dropout, linear, slice, reshape } from '../ops';
import { tensor, type Tensor } from '../tensor';
import { Rng } from '../util/rng';
import { withBackend } from '../runtime';
import type { Backend } from '../backends/backend';
import { assertModelFits, validateConfig, type FullGPTConfig, type GPTConfig } from './gptConfig';
import { sinusoidalTable } from './positional';
import type { Trace } from './trace';

class Block extends Module {
  readonly ln_1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln_2: LayerNorm;
  readonly mlp: MLP;

  constructor(c: FullGPTConfig, rng: Rng) {
    super();
    this.ln_1 = this.addModule('ln_1', new LayerNorm(c.nEmbd, { bias: c.bias }));
    this.attn = this.addModule('attn', new CausalSelfAttention(c.nEmbd, c.nHead, c.dropout, c.bias, c.nLayer, rng));
    this.ln_2 = this.addModule('ln_2', new LayerNorm(c.nEmbd, { bias: c.bias }));
    this.mlp = this.addModule('mlp', new MLP(c.nEmbd, c.dropout, c.bias, c.nLayer, rng, c.activation));
  }
}

export interface ForwardOptions {
  /** Next-token ids (B, T) for the loss; entries < 0 are ignored. */
  targets?: Tensor;
  /** Records named activations for figures. */
  trace?: Trace;
  /** headMask[layer][head] multiplies that head's output (0 = switched off). */
  headMask?: readonly (readonly number[])[];
  /** Reuses keys and values of earlier positions (generation). */
  cache?: KVCache;
  /** Only compute logits for the last position (generation): saves the (T, V) head for all but one row. */
  lastOnly?: boolean;
}

export interface ForwardResult {
  /** (B, T, V), or (B, 1, V) with lastOnly. */
  logits: Tensor;
  /** Mean cross-entropy over counted targets, when targets were given. */
  loss: Tensor | null;
  /** The final hidden states (B, T, C) after ln_f, (B, 1, C) with lastOnly: what reward and value heads read. */
  hidden: Tensor;
}

export class GPT extends Module {
  readonly config: FullGPTConfig;
  readonly wte: Embedding;
  readonly wpe: Embedding | null;
  readonly h: Block[];
  readonly ln_f: LayerNorm;
  /** Dropout is active only while training is true. */
  training = false;
  readonly rng: Rng;

  constructor(config: GPTConfig, seed = 1337) {
    super();
    this.config = validateConfig(config);
    const c = this.config;
    assertModelFits(c);
    this.rng = new Rng(seed);
    this.wte = this.addModule('wte', new Embedding(c.vocabSize, c.nEmbd, this.rng));
    this.wpe = c.positional === 'learned' ? this.addModule('wpe', new Embedding(c.blockSize, c.nEmbd, this.rng)) : null;
    this.h = Array.from({ length: c.nLayer }, (_, i) => this.addModule(String(i), new Block(c, this.rng)));
    this.ln_f = this.addModule('ln_f', new LayerNorm(c.nEmbd, { bias: c.bias }));
  }

  /** GPT-2 names: the blocks live under "h." */
  override namedParameters(prefix = ''): Map<string, Tensor> {
    const all = super.namedParameters(prefix);
    const renamed = new Map<string, Tensor>();
    for (const [name, p] of all) {
      const gpt2Name = /^\d+\./.test(name.slice(prefix.length)) ? `${prefix}h.${name.slice(prefix.length)}` : name;
      p.name = gpt2Name;
      renamed.set(gpt2Name, p);
    }
    return renamed;
  }

  /** The backend the weights live on; inputs must be made there too. */
  get backend(): Backend {
    return this.wte.weight.backend;
  }

  /** idx (B, T) of token ids → logits (B, T, V) and, with targets, the loss. */
  forward(idx: Tensor, opts: ForwardOptions = {}): ForwardResult {
    // Constants made on the way (positions, masks) go to the backend the weights live on.
    return withBackend(this.backend, () => this.forwardOn(idx, opts));
  }

  private forwardOn(idx: Tensor, opts: ForwardOptions): ForwardResult {
    const c = this.config;
    const T = idx.shape[1];
    const start = opts.cache?.length ?? 0;
    if (start + T > c.blockSize) {
      throw new Error(`cannot read ${start + T} tokens: this model's context (block size) is ${c.blockSize}`);
    }
    const { trace, cache } = opts;
    const ctx = { start, cache, trace, training: this.training, rng: this.rng, rope: c.positional === 'rope' };

    const tokEmb = this.wte.forward(idx); // (B, T, C)
    trace?.record('tok_emb', tokEmb);
    let x = tokEmb;
    if (c.positional === 'learned' || c.positional === 'sinusoidal') {
      const posEmb = this.wpe
        ? this.wpe.forward(tensor(Array.from({ length: T }, (_, t) => start + t), [T])) // (T, C)
        : sinusoidalTable(start, T, c.nEmbd);
      trace?.record('pos_emb', posEmb);
      x = add(x, posEmb);
    }
    if (this.training) x = dropout(x, c.dropout, this.rng);
    trace?.record('residual.0', x);

    // With lastOnly (generation, no trace) the last block works on the last position alone: the other positions
    // still supply its keys and values, but their outputs would be thrown away.
    const lastRowIn = (layer: number) => Boolean(opts.lastOnly) && !trace && T > 1 && layer === c.nLayer - 1;
    this.h.forEach((block, layer) => {
      const headMask = opts.headMask?.[layer];
      const attended = block.attn.forward(block.ln_1.forward(x), { ...ctx, layer, headMask, lastQueryOnly: lastRowIn(layer) });
      if (lastRowIn(layer)) x = slice(x, 1, T - 1, T); // (B, 1, C)
      x = add(x, attended);
      x = add(x, block.mlp.forward(block.ln_2.forward(x), { ...ctx, layer }));
      trace?.record(`h.${layer}.residual`, x);
    });
    if (cache) cache.length += T;

    x = this.ln_f.forward(x);
    if (opts.lastOnly && x.shape[1] > 1) x = slice(x, 1, T - 1, T);
    trace?.record('ln_f', x);
    const logits = linear(x, this.wte.weight, null); // weight tying: the output head reuses wte
    trace?.record('logits', logits);
    const loss = opts.targets ? crossEntropy(reshape(logits, [-1, c.vocabSize]), reshape(opts.targets, [-1])) : null;
    return { logits, loss, hidden: x };
  }
}
