// Causal multi-head self-attention, as nanoGPT's CausalSelfAttention: one Linear makes q, k and v for every head,
// scores = q·kᵀ/√hs, a causal mask hides the future, softmax turns scores into weights, weights·v mixes values,
// and c_proj maps the concatenated heads back to the residual stream. Letters: B batch, T time, C channels,
// nh heads, hs head size (C = nh·hs).
import { Module } from './module';
import { Linear } from './layers';
import { add, attentionSoftmax, headMixFrom, headScoresFrom, dropout, headAttention, headMix, headScores, matmul, mul, mulScalar, permute, reshape, slice, splitHeads } from '../ops';
import { emptyLike, kernelsOf, needsGrad } from '../ops/graph';
import { isGradEnabled, keep } from '../runtime';
import { formatShape, stridesOf } from '../util/shape';
import { Tensor, tensor } from '../tensor';
import type { Rng } from '../util/rng';
import { applyRope, ropeAngles } from './positional';
import type { Trace } from './trace';

/**
 * Keys and values of earlier positions, per layer, so that decoding one token costs one token's work. Each layer's
 * are kept in one (B, capacity, 2C) tensor, row t holding position t's key heads side by side and then its value
 * heads: the layout of k and v inside the (B, T, 3C) projection, so a step appends its rows with one strided copy
 * and attention reads the keys and values where they lie (ops/heads.ts), with no concat of the whole history.
 */
export class KVCache {
  private readonly store: (Tensor | null)[];
  /** Positions cached so far. */
  length = 0;

  /** capacity: positions to make room for at once (the model's block size); without it the room doubles as needed. */
  constructor(nLayer: number, private readonly capacity = 0) {
    this.store = Array.from({ length: nLayer }, () => null);
  }

  /**
   * Copies k and v of this step's T positions out of the projection qkv (B, T, 3C) into positions length…length+T−1
   * of `layer`; returns that layer's store (B, capacity, 2C), whose first length + T rows are then filled.
   */
  appendProjection(layer: number, qkv: Tensor): Tensor {
    const [B, T, width] = qkv.shape, C = width / 3;
    const kv = this.room(layer, qkv, B, T, C);
    kernelsOf(qkv, kv).copyStrided(qkv.buffer, kv.buffer, {
      shape: [B, T, 2 * C], srcStrides: [T * width, width, 1], srcOffset: C,
      dstStrides: [kv.shape[1] * 2 * C, 2 * C, 1], dstOffset: this.length * 2 * C,
    });
    return kv;
  }

  /**
   * Appends this step's k, v (B, nh, T, hs) for one layer (after RoPE, when the model rotates them); returns the whole
   * history as (B, nh, length + T, hs) each, copies that belong to the step.
   */
  extend(layer: number, k: Tensor, v: Tensor): { k: Tensor; v: Tensor } {
    const [B, nh, T, hs] = k.shape, C = nh * hs;
    const kv = this.room(layer, k, B, T, C);
    const rowStride = 2 * C, sequenceStride = kv.shape[1] * rowStride;
    const inStore = [sequenceStride, hs, rowStride, 1]; // where (b, h, t, d) sits in the store
    [k, v].forEach((x, part) => kernelsOf(x, kv).copyStrided(x.buffer, kv.buffer, {
      shape: x.shape, srcStrides: stridesOf(x.shape), srcOffset: 0, dstStrides: inStore, dstOffset: this.length * rowStride + part * C,
    }));
    const history = [B, nh, this.length + T, hs];
    const [kAll, vAll] = [0, 1].map((part) => {
      const out = emptyLike(kv, history);
      kernelsOf(kv).copyStrided(kv.buffer, out.buffer, {
        shape: history, srcStrides: inStore, srcOffset: part * C, dstStrides: stridesOf(history), dstOffset: 0,
      });
      return out;
    });
    return { k: kAll, v: vAll };
  }

  /** The store of `layer`, made or grown (rows copied) so that length + T positions fit. */
  private room(layer: number, like: Tensor, B: number, T: number, C: number): Tensor {
    if (like.requiresGrad && isGradEnabled()) throw new Error('KVCache: the cache is for inference; it keeps no gradient');
    const old = this.store[layer];
    if (old && (old.shape[0] !== B || old.shape[2] !== 2 * C)) {
      throw new Error(`KVCache: layer ${layer} holds ${formatShape(old.shape)}, which a step of batch ${B} and width ${C} does not fit`);
    }
    const need = this.length + T;
    if (old && old.shape[1] >= need) return old;
    const rows = Math.max(need, this.capacity, 2 * (old?.shape[1] ?? 0));
    const kv = keep(emptyLike(like, [B, rows, 2 * C]));
    if (old) {
      kernelsOf(old, kv).copyStrided(old.buffer, kv.buffer, {
        shape: [B, this.length, 2 * C], srcStrides: [old.shape[1] * 2 * C, 2 * C, 1], srcOffset: 0,
        dstStrides: [rows * 2 * C, 2 * C, 1], dstOffset: 0,
      });
      old.dispose();
    }
    this.store[layer] = kv;
    return kv;
  }

  dispose(): void {
    this.store.forEach((kv, layer) => {
      kv?.dispose();
      this.store[layer] = null;
    });
    this.length = 0;
  }
}

export interface AttentionContext {
  layer: number;
  /** Position of the first query (tokens already in the cache). */
  start: number;
  cache?: KVCache;
  trace?: Trace;
  /**
   * Multipliers of each head's output, (1 or B, nh, 1, 1): 0 switches a head off (the Attention chapter's ablation);
   * one row per batch row lets a batch try several ablations at once.
   */
  headScale?: Tensor;
  rope?: boolean;
  /**
   * false lifts the causal mask so every token sees every other (an encoder, as BERT): the Embeddings chapter uses it
   * to show that attention without positions treats its input as a set. Default true (a GPT).
   */
  causal?: boolean;
  /** Compute the output for the last query position only (every position still gives its key and value). */
  lastQueryOnly?: boolean;
  training: boolean;
  rng: Rng;
}

export class CausalSelfAttention extends Module {
  readonly c_attn: Linear;
  readonly c_proj: Linear;

  constructor(readonly nEmbd: number, readonly nHead: number, readonly dropoutP: number, bias: boolean, nLayer: number, rng: Rng) {
    super();
    this.c_attn = this.addModule('c_attn', new Linear(nEmbd, 3 * nEmbd, { bias, rng }));
    // GPT-2 scales the residual projections by 1/√(2·nLayer) so the residual stream does not grow with depth.
    this.c_proj = this.addModule('c_proj', new Linear(nEmbd, nEmbd, { bias, rng, std: 0.02 / Math.sqrt(2 * nLayer) }));
  }

  forward(x: Tensor, ctx: AttentionContext): Tensor {
    const { trace, layer } = ctx;
    const qkv = this.c_attn.forward(x); // (B, T, 3C)
    let y = this.headsInPlace(ctx) ? this.attendInPlace(qkv, ctx)
      : this.inferenceInPlace(qkv, ctx) ? this.attendForInference(qkv, ctx) : this.attendSplit(qkv, ctx); // (B, Tq, C)
    trace?.record({ site: 'attn.out', layer }, y);
    y = this.c_proj.forward(y);
    return ctx.training ? dropout(y, this.dropoutP, ctx.rng) : y;
  }

  /**
   * Whether the heads can stay inside qkv: nothing asks for q, k, v or a head's output as tensors of their own (RoPE,
   * the cache, one query, head scaling, a trace of them), which is training's case and a plain forward's.
   */
  private headsInPlace(ctx: AttentionContext): boolean {
    if (ctx.rope || ctx.cache || ctx.lastQueryOnly || ctx.headScale) return false;
    const { trace, layer } = ctx;
    return !trace || !(['attn.q', 'attn.k', 'attn.v', 'attn.heads'] as const).some((site) => trace.wants({ site, layer }));
  }

  /**
   * Whether inference can read q, k and v in place while decoding with the cache or computing the last position only:
   * as headsInPlace, but with no gradient.
   */
  private inferenceInPlace(qkv: Tensor, ctx: AttentionContext): boolean {
    if (!(ctx.cache || ctx.lastQueryOnly) || ctx.rope || ctx.headScale || needsGrad(qkv)) return false;
    const { trace, layer } = ctx;
    return !trace || !(['attn.q', 'attn.k', 'attn.v', 'attn.heads'] as const).some((site) => trace.wants({ site, layer }));
  }

  /**
   * The queries against the keys and values of every position so far, all read in place: this step's appended to the
   * cache's store first, or, without a cache, the projection's own.
   */
  private attendForInference(qkv: Tensor, ctx: AttentionContext): Tensor {
    const T = qkv.shape[1], C = this.nEmbd, Tk = ctx.start + T;
    const Tq = ctx.lastQueryOnly ? 1 : T; // the last position sees every key
    const kv = ctx.cache?.appendProjection(ctx.layer, qkv);
    const [keys, values] = kv ? [{ tensor: kv, column: 0 }, { tensor: kv, column: C }] : [{ tensor: qkv, column: C }, { tensor: qkv, column: 2 * C }];
    const raw = headScoresFrom(qkv, keys, this.nHead, Tq, Tk); // (B, nh, Tq, Tk), before the 1/√hs scale
    return headMixFrom(this.weightsOf(raw, Tq, Tk, ctx), values, this.nHead, C); // (B, Tq, C)
  }

  /**
   * q·kᵀ and weights·v read q, k, v where they lie in qkv and write the heads side by side (ops/heads.ts); as one op
   * when nothing needs the weights in between (no dropout on them, no trace of them).
   */
  private attendInPlace(qkv: Tensor, ctx: AttentionContext): Tensor {
    const nh = this.nHead, T = qkv.shape[1];
    const { trace, layer } = ctx;
    const weightsWanted = (ctx.training && this.dropoutP > 0)
      || (trace && (['attn.scores', 'attn.weights'] as const).some((site) => trace.wants({ site, layer })));
    if (!weightsWanted) return headAttention(qkv, nh, this.scale, T > 1 && ctx.causal !== false); // (B, T, C)
    const raw = headScores(qkv, nh); // (B, nh, T, T), before the 1/√hs scale
    return headMix(this.weightsOf(raw, T, T, ctx), qkv, nh); // (B, T, C)
  }

  /** 1/√hs, the scale that keeps the scores' variance near 1 whatever the head size. */
  private get scale(): number {
    return 1 / Math.sqrt(this.nEmbd / this.nHead);
  }

  /** The general path: q, k, v copied out as (B, nh, T, hs), for RoPE, the cache, one query, ablations and traces. */
  private attendSplit(qkv: Tensor, ctx: AttentionContext): Tensor {
    const [B] = qkv.shape, nh = this.nHead;
    const { trace, layer } = ctx;
    let [q, k, v] = [0, 1, 2].map((part) => splitHeads(qkv, 3, part, nh)); // each (B, nh, T, hs)
    if (ctx.rope) {
      const angles = ropeAngles(ctx.start, q.shape[2], q.shape[3]);
      q = applyRope(q, angles);
      k = applyRope(k, angles);
    }
    trace?.record({ site: 'attn.q', layer }, q);
    trace?.record({ site: 'attn.k', layer }, k);
    trace?.record({ site: 'attn.v', layer }, v);
    if (ctx.cache) ({ k, v } = ctx.cache.extend(ctx.layer, k, v));
    const T = q.shape[2];
    if (ctx.lastQueryOnly && T > 1) q = slice(q, 2, T - 1, T); // (B, nh, 1, hs): the last position sees every key
    const Tq = q.shape[2], Tk = k.shape[2];
    const raw = matmul(q, k, { transB: true }); // (B, nh, Tq, Tk), before the 1/√hs scale
    let y = matmul(this.weightsOf(raw, Tq, Tk, ctx), v); // (B, nh, Tq, hs)
    if (ctx.headScale) y = mul(y, ctx.headScale);
    trace?.record({ site: 'attn.heads', layer }, y);
    return reshape(permute(y, [0, 2, 1, 3]), [B, Tq, -1]); // heads side by side again
  }

  /** Raw scores (B, nh, Tq, Tk) → attention weights: scaled by 1/√hs, causally masked, softmax, dropout in training. */
  private weightsOf(raw: Tensor, Tq: number, Tk: number, ctx: AttentionContext): Tensor {
    const { trace, layer } = ctx;
    const scale = this.scale, causal = Tq > 1 && ctx.causal !== false;
    if (trace?.wants({ site: 'attn.scores', layer })) { // the figures show the scaled, masked scores; training never pays for them
      const scores = mulScalar(raw, scale);
      trace.record({ site: 'attn.scores', layer }, causal ? add(scores, causalMask(Tq, Tk)) : scores);
    }
    // scale, causal mask and softmax in one fused kernel each way (ops/nnOps.ts attentionSoftmax)
    let weights = attentionSoftmax(raw, scale, causal);
    trace?.record({ site: 'attn.weights', layer }, weights);
    if (ctx.training) weights = dropout(weights, this.dropoutP, ctx.rng);
    return weights;
  }
}

/** (T, Tk) additive mask: query i (at absolute position Tk − T + i) sees keys j ≤ its position. */
export function causalMask(T: number, Tk: number): Tensor {
  const values = new Float32Array(T * Tk);
  const offset = Tk - T;
  for (let i = 0; i < T; i++) for (let j = i + offset + 1; j < Tk; j++) values[i * Tk + j] = -Infinity;
  return tensor(values, [T, Tk]);
}
