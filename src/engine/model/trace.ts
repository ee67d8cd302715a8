// A trace records named activations during a forward pass, for the figures: the engine never lets the UI reach
// into modules. Tensors are kept alive until read (read-back is asynchronous on webgpu), then freed.
import { keep } from '../runtime';
import { Tensor } from '../tensor';
import type { FloatArray } from '../backends/backend';

export interface TracedActivation {
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/**
 * Names recorded by the GPT: `tok_emb`, `pos_emb`, `h.{l}.attn.q|k|v` (B, nh, T, hs), `h.{l}.attn.scores`
 * (pre-softmax, scaled and masked), `h.{l}.attn.weights` (B, nh, T, T), `h.{l}.attn.out`, `h.{l}.mlp.act`
 * (B, T, 4C), `h.{l}.residual` (B, T, C) after the block, `residual.0` (input to the first block), `ln_f`, `logits`.
 */
export class Trace {
  private readonly pending = new Map<string, Tensor>();

  /** Only names passing the filter are kept (a trace of every activation of a big model costs memory). */
  constructor(private readonly filter: (name: string) => boolean = () => true) {}

  record(name: string, t: Tensor): void {
    if (!this.filter(name)) return;
    this.pending.get(name)?.dispose();
    // A view of its own, so freeing it never frees the model's tensor.
    this.pending.set(name, keep(new Tensor(t.shape, t)));
  }

  get names(): string[] {
    return [...this.pending.keys()];
  }

  /** Copies every recorded activation out and frees the tensors. */
  async read(): Promise<Map<string, TracedActivation>> {
    const out = new Map<string, TracedActivation>();
    for (const [name, t] of this.pending) out.set(name, { shape: t.shape, data: await t.data() });
    this.dispose();
    return out;
  }

  /** Synchronous read for the js and wasm backends. */
  readSync(): Map<string, TracedActivation> {
    const out = new Map<string, TracedActivation>();
    for (const [name, t] of this.pending) out.set(name, { shape: t.shape, data: t.toArray() });
    this.dispose();
    return out;
  }

  dispose(): void {
    for (const t of this.pending.values()) t.dispose();
    this.pending.clear();
  }
}
