// Token data for training: the corpus as ids, split like nanoGPT (first 90 % train, last 10 % validation), and
// random batches of (x, y) windows where y is x shifted by one token — "predict the next token" everywhere.
import { tensor, type Tensor } from '../tensor';
import type { Rng } from '../util/rng';

export type Split = 'train' | 'val';

export class TokenDataset {
  readonly train: Int32Array;
  readonly val: Int32Array;

  constructor(ids: ArrayLike<number>, trainFraction = 0.9) {
    const all = Int32Array.from(ids);
    const cut = Math.floor(all.length * trainFraction);
    this.train = all.subarray(0, cut);
    this.val = all.subarray(cut);
  }

  /** A batch of B windows of T tokens from one split: x (B, T) and targets y (B, T). */
  batch(split: Split, B: number, T: number, rng: Rng): { x: Tensor; y: Tensor } {
    const data = split === 'train' ? this.train : this.val;
    if (data.length < T + 1) {
      throw new Error(`the ${split} split has ${data.length} tokens, fewer than one window of ${T + 1}`);
    }
    const xs = new Float32Array(B * T), ys = new Float32Array(B * T);
    for (let b = 0; b < B; b++) {
      const start = rng.int(data.length - T);
      for (let t = 0; t < T; t++) {
        xs[b * T + t] = data[start + t];
        ys[b * T + t] = data[start + t + 1];
      }
    }
    return { x: tensor(xs, [B, T]), y: tensor(ys, [B, T]) };
  }
}
