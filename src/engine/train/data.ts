// Token data for training: the corpus as ids, split like nanoGPT (first 90 % train, last 10 % validation), and
// random batches of (x, y) windows where y is x shifted by one token — "predict the next token" everywhere.
import { tensor, type Tensor } from '../tensor';
import { crc32 } from './crc32';

export type Split = 'train' | 'val';

/** Where batch offsets come from: the engine's Rng, or PyTorch's stream (TorchGenerator) to replay a reference run. */
export interface RandomSource {
  /** An integer in [0, n). */
  int(n: number): number;
}

/** What the trainer draws batches from: a token stream (TokenDataset) or fine-tuning examples (ExampleDataset). */
export interface BatchSource {
  /** Where B random rows of a batch start (window offsets, or example indices), drawn from `rng` in order. */
  starts(split: Split, B: number, T: number, rng: RandomSource): number[];
  /** The rows that begin at `starts`: inputs x (B, T) and next-token targets y (B, T), −1 where nothing is graded. */
  windows(split: Split, starts: readonly number[], T: number): { x: Tensor; y: Tensor };
  /** A short digest of every token and how they are split, so a saved run resumes only on the data it began on. */
  fingerprint(): string;
}

/** CRC-32 of sequences of token ids, each with its length (so [1, 2] + [3] differs from [1] + [2, 3]), in hex. */
export function fingerprintOf(sequences: Iterable<ArrayLike<number>>): string {
  let count = 0;
  const parts: Int32Array[] = [];
  for (const ids of sequences) {
    parts.push(Int32Array.of(ids.length), Int32Array.from(ids));
    count += ids.length + 1;
  }
  const all = new Int32Array(count);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return crc32(new Uint8Array(all.buffer)).toString(16).padStart(8, '0') + `-${count}`;
}

/** B random rows of a split as one batch: where they start, drawn from `rng`, then the rows themselves. */
export function drawBatch(data: BatchSource, split: Split, B: number, T: number, rng: RandomSource): { x: Tensor; y: Tensor } {
  return data.windows(split, data.starts(split, B, T, rng), T);
}

export class TokenDataset implements BatchSource {
  readonly train: Int32Array;
  readonly val: Int32Array;

  constructor(ids: ArrayLike<number>, trainFraction = 0.9) {
    const all = Int32Array.from(ids);
    const cut = Math.floor(all.length * trainFraction);
    this.train = all.subarray(0, cut);
    this.val = all.subarray(cut);
  }

  /** A batch of B random windows of T tokens from one split: x (B, T) and targets y (B, T). */
  batch(split: Split, B: number, T: number, rng: RandomSource): { x: Tensor; y: Tensor } {
    return drawBatch(this, split, B, T, rng);
  }

  /** Where B random windows of T tokens (and the one token after each) start, drawn in order as nanoGPT does. */
  starts(split: Split, B: number, T: number, rng: RandomSource): number[] {
    const data = this.split(split);
    if (data.length < T + 1) {
      throw new Error(`the ${split} split has ${data.length} tokens, fewer than one window of ${T + 1}`);
    }
    return Array.from({ length: B }, () => rng.int(data.length - T));
  }

  /** The windows of T tokens that start at `starts`: x (B, T) and y, the same windows shifted by one token. */
  windows(split: Split, starts: readonly number[], T: number): { x: Tensor; y: Tensor } {
    const data = this.split(split);
    const B = starts.length;
    const xs = new Float32Array(B * T), ys = new Float32Array(B * T);
    starts.forEach((start, b) => {
      for (let t = 0; t < T; t++) {
        xs[b * T + t] = data[start + t];
        ys[b * T + t] = data[start + t + 1];
      }
    });
    return { x: tensor(xs, [B, T]), y: tensor(ys, [B, T]) };
  }

  fingerprint(): string {
    return fingerprintOf([this.train, this.val]);
  }

  private split(split: Split): Int32Array {
    return split === 'train' ? this.train : this.val;
  }
}
