// Switching parts of a GPT off, for the figures that ask what a part contributes: one attention head, a layer's
// whole attention, a layer's MLP. Each batch row may carry its own ablation, so one forward pass compares many
// (the head-importance table evaluates every head's ablation on the same text in one batch).
import { tensor, type Tensor } from '../tensor';

export interface Ablation {
  /** heads[layer][head] multiplies that head's output: 0 switches it off, 1 leaves it on. */
  heads?: readonly (readonly number[])[];
  /** attn[layer] multiplies that layer's attention branch (0: the block adds nothing from attention). */
  attn?: readonly number[];
  /** mlp[layer] multiplies that layer's MLP branch. */
  mlp?: readonly number[];
}

/** The multipliers one block applies; absent when every row leaves that part on. */
export interface BlockSwitches {
  /** (R, nh, 1, 1), R = 1 or the batch size. */
  headScale?: Tensor;
  /** (R, 1, 1), scaling the attention branch before it joins the residual stream. */
  attnScale?: Tensor;
  /** (R, 1, 1), scaling the MLP branch. */
  mlpScale?: Tensor;
}

function checkRow(row: readonly number[] | undefined, length: number, what: string): void {
  if (row === undefined) return;
  if (!Array.isArray(row) || row.length !== length || row.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new Error(`${what} must be ${length} finite numbers`);
  }
}

/** Throws a message naming the part at fault when an ablation does not fit a model of this shape. */
export function checkAblation(a: Ablation, nLayer: number, nHead: number): void {
  if (a.heads !== undefined) {
    if (!Array.isArray(a.heads) || a.heads.length !== nLayer) throw new Error(`the head switches must have one row per layer (${nLayer})`);
    a.heads.forEach((row, layer) => checkRow(row, nHead, `the head switches of layer ${layer}`));
  }
  checkRow(a.attn, nLayer, 'the attention switches (one per layer)');
  checkRow(a.mlp, nLayer, 'the MLP switches (one per layer)');
}

/**
 * Per layer, the multiplier tensors for `ablations` (one per batch row, or a single one for every row). A part that
 * every row leaves at 1 gets no tensor, so an ablation that switches nothing off costs nothing.
 */
export function blockSwitches(ablations: readonly Ablation[], nLayer: number, nHead: number): BlockSwitches[] {
  for (const a of ablations) checkAblation(a, nLayer, nHead);
  const R = ablations.length;
  return Array.from({ length: nLayer }, (_, layer) => {
    const heads = ablations.flatMap((a) => a.heads?.[layer] ?? new Array<number>(nHead).fill(1));
    const attn = ablations.map((a) => a.attn?.[layer] ?? 1);
    const mlp = ablations.map((a) => a.mlp?.[layer] ?? 1);
    const allOn = (xs: number[]) => xs.every((x) => x === 1);
    return {
      headScale: allOn(heads) ? undefined : tensor(heads, [R, nHead, 1, 1]),
      attnScale: allOn(attn) ? undefined : tensor(attn, [R, 1, 1]),
      mlpScale: allOn(mlp) ? undefined : tensor(mlp, [R, 1, 1]),
    };
  });
}
