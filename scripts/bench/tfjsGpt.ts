// The peer for the bench: the same tiny GPT as our nanoGPT recipe, written with TensorFlow.js ops (our own code):
// embeddings, pre-LN blocks with causal self-attention and a GELU-tanh MLP, bias off, weight-tied head, mean
// cross-entropy; trained with tf.variableGrads, global-norm clipping, and Adam plus decoupled weight decay (AdamW
// as PyTorch: p ← p·(1 − lr·wd) on matrices and embeddings, then the Adam step). Stock tfjs autograd throughout.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export interface TinyGptShape {
  vocabSize: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
}

export interface TinyGptTraining {
  lr: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  gradClip: number;
}

/** Loss and global gradient norm on one batch: what the bench compares with our engine. */
export interface ModelCheck {
  loss: number;
  gradNorm: number;
}

interface BlockWeights {
  ln1: tf.Variable; cAttn: tf.Variable; attnProj: tf.Variable;
  ln2: tf.Variable; cFc: tf.Variable; mlpProj: tf.Variable;
}

const GELU_C = Math.sqrt(2 / Math.PI);

export class TfjsGpt {
  private readonly wte: tf.Variable;
  private readonly wpe: tf.Variable;
  private readonly blocks: BlockWeights[];
  private readonly lnF: tf.Variable;
  /** Matrices and embeddings: the parameters AdamW decays (nanoGPT's rule: rank ≥ 2). */
  private readonly decaying: tf.Variable[];
  private readonly all: tf.Variable[];
  private optimizer: tf.AdamOptimizer | null = null;
  private mask: tf.Tensor | null = null;

  constructor(readonly shape: TinyGptShape, seed = 1337) {
    const { vocabSize: V, blockSize, nLayer, nEmbd: C } = shape;
    let nextSeed = seed;
    const normal = (dims: number[], std: number) => tf.variable(tf.randomNormal(dims, 0, std, 'float32', nextSeed++));
    const ones = (n: number) => tf.variable(tf.ones([n]));
    const projStd = 0.02 / Math.sqrt(2 * nLayer); // GPT-2's scaled init of residual projections, as nanoGPT
    this.wte = normal([V, C], 0.02);
    this.wpe = normal([blockSize, C], 0.02);
    this.blocks = Array.from({ length: nLayer }, () => ({
      ln1: ones(C), cAttn: normal([C, 3 * C], 0.02), attnProj: normal([C, C], projStd),
      ln2: ones(C), cFc: normal([C, 4 * C], 0.02), mlpProj: normal([4 * C, C], projStd),
    }));
    this.lnF = ones(C);
    const matrices = this.blocks.flatMap((b) => [b.cAttn, b.attnProj, b.cFc, b.mlpProj]);
    this.decaying = [this.wte, this.wpe, ...matrices];
    this.all = [...this.decaying, ...this.blocks.flatMap((b) => [b.ln1, b.ln2]), this.lnF];
  }

  get parameterCount(): number {
    return this.all.reduce((n, v) => n + v.size, 0);
  }

  /**
   * Copies weights named as our engine's GPT (GPT-2 names; Linear weights stored (out, in), transposed here to
   * tfjs's (in, out)), so the bench can check that both models compute the same loss.
   */
  loadWeights(named: ReadonlyMap<string, ArrayLike<number>>): void {
    const take = (name: string): ArrayLike<number> => {
      const values = named.get(name);
      if (!values) throw new Error(`no weights named ${name}`);
      return values;
    };
    const set = (v: tf.Variable, name: string, transposed: boolean) => tf.tidy(() => {
      const [rows, cols = 1] = v.shape;
      const t = tf.tensor2d(Float32Array.from(take(name)), transposed ? [cols, rows] : [rows, cols]);
      v.assign(tf.reshape(transposed ? tf.transpose(t) : t, v.shape));
    });
    set(this.wte, 'wte.weight', false);
    set(this.wpe, 'wpe.weight', false);
    this.blocks.forEach((b, i) => {
      set(b.ln1, `h.${i}.ln_1.weight`, false);
      set(b.cAttn, `h.${i}.attn.c_attn.weight`, true);
      set(b.attnProj, `h.${i}.attn.c_proj.weight`, true);
      set(b.ln2, `h.${i}.ln_2.weight`, false);
      set(b.cFc, `h.${i}.mlp.c_fc.weight`, true);
      set(b.mlpProj, `h.${i}.mlp.c_proj.weight`, true);
    });
    set(this.lnF, 'ln_f.weight', false);
  }

  /** Additive causal mask (T, T): 0 on and below the diagonal, −1e9 above it. */
  private causalMask(T: number): tf.Tensor {
    if (!this.mask || this.mask.shape[0] !== T) {
      this.mask?.dispose();
      const values = new Float32Array(T * T);
      for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) values[i * T + j] = -1e9;
      this.mask = tf.keep(tf.tensor2d(values, [T, T]));
    }
    return this.mask;
  }

  /** ids (B·T, row-major) → logits (B·T, V), or (B, V) for the last position only. */
  forward(ids: ArrayLike<number>, B: number, T: number, lastOnly = false): tf.Tensor2D {
    const { vocabSize: V, nHead: nh, nEmbd: C } = this.shape;
    const hs = C / nh;
    // Token embedding as one-hot · wte: tfjs-wasm has no UnsortedSegmentSum, which gather's gradient needs.
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(Array.from(ids), 'int32'), V), 'float32'); // (B·T, V)
    const tok = tf.reshape(tf.matMul(oneHot, this.wte), [B, T, C]);
    const pos = T === this.shape.blockSize ? this.wpe : tf.slice(this.wpe, [0, 0], [T, C]);
    let x: tf.Tensor2D = tf.reshape(tf.add(tok, pos), [B * T, C]);
    const toHeads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, nh, hs]), [0, 2, 1, 3]); // (B, nh, T, hs)
    for (const b of this.blocks) {
      const [q, k, v] = tf.split(tf.matMul(layerNorm(x, b.ln1), b.cAttn), 3, 1); // (B·T, C) each
      const scores = tf.add(tf.mul(tf.matMul(toHeads(q), toHeads(k), false, true), 1 / Math.sqrt(hs)), this.causalMask(T));
      const y = tf.matMul(tf.softmax(scores), toHeads(v)); // (B, nh, T, hs)
      const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]);
      x = tf.add(x, tf.matMul(merged, b.attnProj));
      x = tf.add(x, tf.matMul(gelu(tf.matMul(layerNorm(x, b.ln2), b.cFc)), b.mlpProj));
    }
    if (lastOnly) x = tf.reshape(tf.slice(tf.reshape(x, [B, T, C]), [0, T - 1, 0], [B, 1, C]), [B, C]);
    return tf.matMul(layerNorm(x, this.lnF), this.wte, false, true); // weight-tied head
  }

  /** Mean cross-entropy of next-token targets. */
  loss(x: ArrayLike<number>, y: ArrayLike<number>, B: number, T: number): tf.Scalar {
    const logits = this.forward(x, B, T);
    const targets = tf.oneHot(tf.tensor1d(Array.from(y), 'int32'), this.shape.vocabSize);
    return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
  }

  /** The loss and the global norm of its gradient, without updating anything. */
  lossAndGradNorm(x: ArrayLike<number>, y: ArrayLike<number>, B: number, T: number): ModelCheck {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.loss(x, y, B, T), this.all);
      return { loss: value.dataSync()[0], gradNorm: globalNorm(grads) };
    });
  }

  /** One AdamW step with global-norm clipping; returns the loss before the update. */
  trainStep(x: ArrayLike<number>, y: ArrayLike<number>, B: number, T: number, o: TinyGptTraining): number {
    this.optimizer ??= tf.train.adam(o.lr, o.beta1, o.beta2, 1e-8);
    const optimizer = this.optimizer;
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.loss(x, y, B, T), this.all);
      const names = Object.keys(grads);
      const norm = globalNorm(grads);
      const scale = Math.min(1, o.gradClip / (norm + 1e-6)); // torch.nn.utils.clip_grad_norm_
      for (const v of this.decaying) v.assign(tf.mul(v, 1 - o.lr * o.weightDecay));
      optimizer.applyGradients(Object.fromEntries(names.map((n) => [n, tf.mul(grads[n], scale)])));
      return value.dataSync()[0];
    });
  }

  /** Logits of the token after `context` (batch 1, no cache), read back. */
  nextTokenLogits(context: ArrayLike<number>): Float32Array {
    return tf.tidy(() => this.forward(context, 1, context.length, true).dataSync() as Float32Array);
  }

  dispose(): void {
    for (const v of this.all) v.dispose();
    this.optimizer?.dispose();
    this.mask?.dispose();
  }
}

/** √(Σ g²) over every gradient. */
function globalNorm(grads: tf.NamedTensorMap): number {
  return Math.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0]);
}

/** LayerNorm over the last axis without bias (eps 1e-5, as PyTorch). */
function layerNorm(x: tf.Tensor2D, gain: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gain);
}

/** GELU, tanh approximation (GPT-2): 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))). */
function gelu(x: tf.Tensor2D): tf.Tensor2D {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
