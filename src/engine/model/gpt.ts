// The GPT, read top to bottom as nanoGPT's model.py: token (and position) embeddings, a stack of pre-LayerNorm
// blocks (x + attn(ln_1(x)), then x + mlp(ln_2(x))), a final LayerNorm, and an output head tied to the token
// embedding. Parameter names follow GPT-2 ("wte.weight", "h.0.attn.c_attn.weight", "ln_f.weight").
import { Module } from '../nn/module';
import { Embedding, LayerNorm } from '../nn/layers';
import { CausalSelfAttention, type AttentionContext, type KVCache } from '../nn/attention';
import { MLP } from '../nn/mlp';
import { add, crossEntropy, dropout, linear, mul, mulScalar, slice, reshape } from '../ops';
import { tensor, type Tensor } from '../tensor';
import { Rng } from '../util/rng';
import { tidy, withBackend } from '../runtime';
import { needsGrad } from '../ops/graph';
import type { Backend } from '../backends/backend';
import { assertModelFits, validateConfig, type FullGPTConfig, type GPTConfig } from './gptConfig';
import { sinusoidalTable } from '../nn/positional';
import type { Trace } from '../nn/trace';
import { blockSwitches, type Ablation, type BlockSwitches } from './ablation';

/** What a block needs besides its input: the attention's context plus this layer's ablation switches. */
export interface BlockContext extends AttentionContext, BlockSwitches {}

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

  /** nanoGPT's two residual lines, with the LayerNorm outputs and the residual stream recorded on the way. */
  forward(x: Tensor, ctx: BlockContext): Tensor {
    const { trace, layer } = ctx;
    const ln1 = this.ln_1.forward(x);
    trace?.record({ site: 'ln_1', layer }, ln1);
    // With lastQueryOnly only the last position goes on (every position still gave attention its key and value).
    const T = x.shape[1];
    if (ctx.lastQueryOnly && T > 1) x = slice(x, 1, T - 1, T);
    // x = x + attn(ln_1(x)); ln_2(x) comes out of the same fused kernel as the sum
    const attended = this.ln_2.forwardResidual(x, scaled(this.attn.forward(ln1, ctx), ctx.attnScale));
    x = attended.sum;
    trace?.record({ site: 'resid_attn', layer }, x);
    const ln2 = attended.normed;
    trace?.record({ site: 'ln_2', layer }, ln2);
    // x = x + mlp(ln_2(x)), a plain add: the LayerNorm that reads it belongs to the next block (or is ln_f)
    x = add(x, scaled(this.mlp.forward(ln2, ctx), ctx.mlpScale));
    trace?.record({ site: 'resid_mlp', layer }, x);
    return x;
  }
}

/** A branch times its ablation switch, or the branch itself when nothing is switched. */
const scaled = (branch: Tensor, scale: Tensor | undefined): Tensor => (scale ? mul(branch, scale) : branch);

export interface GPTBuildOptions {
  memory?: 'training' | 'inference';
  init?: 'random' | 'zeros';
}

/** Draws only zeros: the initial weights of a model whose weights are about to be loaded. */
class ZeroRng extends Rng {
  /** normalTensor sees this and leaves its zero-filled array as it is (no draw per weight). */
  override readonly drawsOnlyZeros = true;
  override normal(): number {
    return 0;
  }
}

export interface ForwardOptions {
  /** Next-token ids (B, T) for the loss; entries < 0 are ignored. */
  targets?: Tensor;
  /** Records named activations for figures. */
  trace?: Trace;
  /** headMask[layer][head] multiplies that head's output (0 = switched off): short for `ablation: { heads }`. */
  headMask?: readonly (readonly number[])[];
  /** Parts switched off: one ablation for every batch row, or a list with one per row (see model/ablation.ts). */
  ablation?: Ablation | readonly Ablation[];
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
  /** Each block's parameters, listed once: the forward asks whether a block records a graph on every call. */
  private readonly blockParameters: Tensor[][];
  /** Dropout is active only while training is true. */
  training = false;
  readonly rng: Rng;

  /**
   * For a loader whose weights come from a file (GPT-2): `memory: 'inference'` skips the check that the model fits
   * for training (weights, gradients, two AdamW moments; a 124M GPT-2 runs in 0.7 GB but would train in 2 GB), and
   * `init: 'zeros'` skips drawing random weights that would be overwritten at once (seconds for 124M parameters).
   */
  constructor(config: GPTConfig, seed = 1337, { memory = 'training', init = 'random' }: GPTBuildOptions = {}) {
    super();
    this.config = validateConfig(config);
    const c = this.config;
    if (memory === 'training') assertModelFits(c);
    this.rng = init === 'random' ? new Rng(seed) : new ZeroRng();
    this.wte = this.addModule('wte', new Embedding(c.vocabSize, c.nEmbd, this.rng));
    this.wpe = c.positional === 'learned' ? this.addModule('wpe', new Embedding(c.blockSize, c.nEmbd, this.rng)) : null;
    this.h = Array.from({ length: c.nLayer }, (_, i) => this.addModule(String(i), new Block(c, this.rng)));
    this.ln_f = this.addModule('ln_f', new LayerNorm(c.nEmbd, { bias: c.bias }));
    this.blockParameters = this.h.map((block) => block.parameters());
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
    const [B, T] = idx.shape;
    const start = opts.cache?.length ?? 0;
    if (start + T > c.blockSize) {
      throw new Error(`cannot read ${start + T} tokens: this model's context (block size) is ${c.blockSize}`);
    }
    const { trace, cache } = opts;
    const switches = this.switchesFor(opts, B);
    const ctx = { start, cache, trace, training: this.training, rng: this.rng, rope: c.positional === 'rope' };

    const tokEmb = this.tokenVectors(idx); // (B, T, C)
    trace?.record({ site: 'tok_emb' }, tokEmb);
    let x = tokEmb;
    const posEmb = this.positionVectors(start, T);
    if (posEmb) {
      trace?.record({ site: 'pos_emb' }, posEmb);
      x = add(x, posEmb);
    }
    if (this.training) x = dropout(x, c.dropout, this.rng);
    trace?.record({ site: 'emb' }, x);

    // With lastOnly (generation, no trace) the last block works on the last position alone.
    const lastQueryOnly = (layer: number) => Boolean(opts.lastOnly) && !trace && T > 1 && layer === c.nLayer - 1;
    this.h.forEach((block, layer) => {
      const run = () => block.forward(x, { ...ctx, ...switches[layer], layer, lastQueryOnly: lastQueryOnly(layer) });
      // A block that records no graph (frozen below the trained top, or no gradients at all) frees its
      // intermediates as it ends, not with the step: only its output goes on. A trace or a cache keeps tensors.
      x = trace || cache || needsGrad(x, ...this.blockParameters[layer]) ? run() : tidy(run);
    });
    if (cache) cache.length += T;

    x = this.ln_f.forward(x);
    if (opts.lastOnly && x.shape[1] > 1) x = slice(x, 1, T - 1, T);
    trace?.record({ site: 'ln_f' }, x);
    const logits = linear(x, this.wte.weight, null); // weight tying: the output head reuses wte
    trace?.record({ site: 'logits' }, logits);
    const loss = opts.targets ? crossEntropy(reshape(logits, [-1, c.vocabSize]), reshape(opts.targets, [-1])) : null;
    return { logits, loss, hidden: x };
  }

  /**
   * The (B, T, C) token vectors the blocks start from: rows of wte, times √C when config.scaleTokens (the 2017
   * paper's scaling; the output head still reads wte unscaled, as the paper's tied weights do).
   */
  tokenVectors(idx: Tensor): Tensor {
    const rows = this.wte.forward(idx);
    return this.config.scaleTokens ? mulScalar(rows, Math.sqrt(this.config.nEmbd)) : rows;
  }

  /**
   * The (T, C) vectors added to the token vectors for positions start…start+T−1: a learned table's rows or the
   * sinusoids; null for RoPE (which rotates q and k inside attention instead) and for none.
   */
  positionVectors(start: number, T: number): Tensor | null {
    if (this.wpe) return this.wpe.forward(tensor(Array.from({ length: T }, (_, t) => start + t), [T]));
    return this.config.positional === 'sinusoidal' ? sinusoidalTable(start, T, this.config.nEmbd) : null;
  }

  /** The ablation switches of each layer for a batch of B rows. */
  private switchesFor(opts: ForwardOptions, B: number): BlockSwitches[] {
    const { nLayer, nHead } = this.config;
    if (opts.headMask && opts.ablation) throw new Error('give either headMask or ablation, not both');
    const given = opts.headMask ? { heads: opts.headMask } : opts.ablation;
    if (!given) return [];
    const ablations: readonly Ablation[] = Array.isArray(given) ? given : [given as Ablation];
    if (ablations.length !== 1 && ablations.length !== B) {
      throw new Error(`give one ablation for the whole batch or one per row (${B}), not ${ablations.length}`);
    }
    return blockSwitches(ablations, nLayer, nHead);
  }
}
