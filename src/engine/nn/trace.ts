// A trace records activations during a forward pass, for the figures: the engine never lets the UI reach into
// modules. Each activation is named by structured data, a site and (inside a block) a layer, so callers select
// with `{ site: 'attn.weights', layer: 2 }` rather than by parsing strings. Tensors are kept alive until read
// (read-back is asynchronous on webgpu), then freed.
import { keep } from '../runtime';
import { Tensor } from '../tensor';
import type { FloatArray } from '../backends/backend';

/** Sites outside the blocks. Shapes with B batch rows, T positions, C channels, V vocabulary. */
export type ModelSite =
  | 'tok_emb'   // (B, T, C) token embeddings (times √C when config.scaleTokens)
  | 'pos_emb'   // (T, C) position embeddings (learned or sinusoidal; absent for RoPE and none)
  | 'emb'       // (B, T, C) their sum: the residual stream entering the first block
  | 'ln_f'      // (B, T, C) the final LayerNorm's output
  | 'logits';   // (B, T, V)

/** Sites inside block `layer` (nh heads of size hs). */
export type BlockSite =
  | 'ln_1'          // (B, T, C) LayerNorm output that feeds attention
  | 'attn.q'        // (B, nh, T, hs), after RoPE when the model uses it
  | 'attn.k'        // (B, nh, T, hs)
  | 'attn.v'        // (B, nh, T, hs)
  | 'attn.scores'   // (B, nh, T, T) q·kᵀ/√hs, causal mask applied (−∞ above the diagonal)
  | 'attn.weights'  // (B, nh, T, T) softmax of the scores
  | 'attn.heads'    // (B, nh, T, hs) each head's output, weights·v (zero for a head switched off)
  | 'attn.out'      // (B, T, C) the heads side by side, before the output projection c_proj
  | 'resid_attn'    // (B, T, C) the residual stream after x + attn(ln_1(x))
  | 'ln_2'          // (B, T, C) LayerNorm output that feeds the MLP
  | 'mlp.act'       // (B, T, 4C) the GELU's output
  | 'resid_mlp';    // (B, T, C) the residual stream after x + mlp(ln_2(x)): the block's output

export type TraceSite = ModelSite | BlockSite;

/** Where one activation was recorded. `layer` is present exactly for block sites. */
export interface TraceKey {
  readonly site: TraceSite;
  readonly layer?: number;
}

/** Which activations to keep: every listed site (all sites when omitted) in every listed layer (all when omitted). */
export interface TraceSelector {
  readonly site?: TraceSite | readonly TraceSite[];
  readonly layer?: number | readonly number[];
}

export interface TracedActivation {
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

const matches = (one: TraceSelector, key: TraceKey): boolean => {
  const sites = one.site === undefined ? null : typeof one.site === 'string' ? [one.site] : one.site;
  const layers = one.layer === undefined ? null : typeof one.layer === 'number' ? [one.layer] : one.layer;
  if (sites && !sites.includes(key.site)) return false;
  return !layers || (key.layer !== undefined && layers.includes(key.layer));
};

/** One string per key, for the maps inside; never parsed back. */
const idOf = (key: TraceKey): string => (key.layer === undefined ? key.site : `${key.site}#${key.layer}`);

/** Activations read back from a trace, looked up by key. */
export class TraceReadout {
  constructor(private readonly byId: ReadonlyMap<string, { key: TraceKey; value: TracedActivation }>) {}

  get(key: TraceKey): TracedActivation | undefined {
    return this.byId.get(idOf(key))?.value;
  }

  /** Like get, but a missing activation is an error naming it (the caller asked the trace for it). */
  require(key: TraceKey): TracedActivation {
    const value = this.get(key);
    if (!value) throw new Error(`the trace holds no ${key.site}${key.layer === undefined ? '' : ` for layer ${key.layer}`}`);
    return value;
  }

  has(key: TraceKey): boolean {
    return this.byId.has(idOf(key));
  }

  /** Every recorded key, in the order the forward pass recorded them. */
  keys(): TraceKey[] {
    return [...this.byId.values()].map((e) => e.key);
  }

  get size(): number {
    return this.byId.size;
  }
}

/**
 * Records activations during `model.forward(ids, { trace })`.
 * @example
 *   const trace = new Trace([{ site: 'attn.weights', layer: 2 }, { site: 'emb' }]);
 *   model.forward(ids, { trace });
 *   const weights = (await trace.read()).require({ site: 'attn.weights', layer: 2 }); // (B, nh, T, T)
 */
export class Trace {
  private readonly pending = new Map<string, { key: TraceKey; tensor: Tensor }>();
  private readonly selectors: readonly TraceSelector[] | null;

  /** Keeps only activations matching one of the selectors (a trace of everything in a big model costs memory). */
  constructor(selectors?: TraceSelector | readonly TraceSelector[]) {
    this.selectors = selectors === undefined ? null : Array.isArray(selectors) ? selectors : [selectors as TraceSelector];
  }

  /** Whether an activation at `key` would be kept: lets the model skip work no one asked for. */
  wants(key: TraceKey): boolean {
    return !this.selectors || this.selectors.some((one) => matches(one, key));
  }

  record(key: TraceKey, t: Tensor): void {
    if (!this.wants(key)) return;
    const id = idOf(key);
    this.pending.get(id)?.tensor.dispose();
    // A view of its own, so freeing it never frees the model's tensor.
    this.pending.set(id, { key: { ...key }, tensor: keep(new Tensor(t.shape, t)) });
  }

  /** Keys recorded so far. */
  get keys(): TraceKey[] {
    return [...this.pending.values()].map((e) => e.key);
  }

  /** Copies every recorded activation out and frees the tensors. */
  async read(): Promise<TraceReadout> {
    const out = new Map<string, { key: TraceKey; value: TracedActivation }>();
    for (const [id, { key, tensor }] of this.pending) out.set(id, { key, value: { shape: tensor.shape, data: await tensor.data() } });
    this.dispose();
    return new TraceReadout(out);
  }

  /** Synchronous read for the js and wasm backends. */
  readSync(): TraceReadout {
    const out = new Map<string, { key: TraceKey; value: TracedActivation }>();
    for (const [id, { key, tensor }] of this.pending) out.set(id, { key, value: { shape: tensor.shape, data: tensor.toArray() } });
    this.dispose();
    return new TraceReadout(out);
  }

  dispose(): void {
    for (const { tensor } of this.pending.values()) tensor.dispose();
    this.pending.clear();
  }
}
