// Supervised fine-tuning data: (prompt, response) examples, one per batch row. The model reads prompt + response
// and is graded only on the response's tokens (targets −1 on the prompt and on padding), so it learns to answer in
// the example's way rather than to write prompts. The same Trainer runs it: only the batches differ.
import { tensor, type Tensor } from '../tensor';
import { fingerprintOf, type BatchSource, type RandomSource, type Split } from './data';

/** One supervised example, as token ids. */
export interface Example {
  prompt: number[];
  response: number[];
}

export class ExampleDataset implements BatchSource {
  readonly train: Example[];
  readonly val: Example[];

  /**
   * The last `valFraction` of the examples (at least one, when there are two or more) are held out for validation;
   * with valFraction 0 nothing is, and validation reads the training examples.
   */
  constructor(examples: readonly Example[], valFraction = 0.1) {
    const usable = examples.filter((e) => e.response.length > 0 && e.prompt.length + e.response.length >= 2);
    if (usable.length === 0) throw new Error('no usable examples: each needs a response and at least two tokens in all');
    const held = valFraction > 0 && usable.length >= 2 ? Math.max(1, Math.floor(usable.length * valFraction)) : 0;
    this.train = usable.slice(0, usable.length - held);
    this.val = held ? usable.slice(usable.length - held) : usable;
  }

  /** B example indices drawn uniformly (with replacement). */
  starts(split: Split, B: number, _T: number, rng: RandomSource): number[] {
    const n = this.split(split).length;
    return Array.from({ length: B }, () => rng.int(n));
  }

  /**
   * Row b reads example starts[b]: x is prompt + response without its last token, y the same shifted by one with
   * −1 wherever the target is still part of the prompt; both padded to T. An example longer than T + 1 tokens keeps
   * its end, so the response is what survives.
   */
  windows(split: Split, starts: readonly number[], T: number): { x: Tensor; y: Tensor } {
    const examples = this.split(split);
    const B = starts.length;
    const xs = new Float32Array(B * T), ys = new Float32Array(B * T).fill(-1);
    starts.forEach((index, b) => {
      const { prompt, response } = examples[index];
      const all = [...prompt, ...response];
      const from = Math.max(0, all.length - (T + 1)); // tokens dropped from the front
      for (let t = 0; from + t + 1 < all.length; t++) {
        xs[b * T + t] = all[from + t];
        if (from + t + 1 >= prompt.length) ys[b * T + t] = all[from + t + 1];
      }
    });
    return { x: tensor(xs, [B, T]), y: tensor(ys, [B, T]) };
  }

  fingerprint(): string {
    const sequences = (examples: Example[]) => examples.flatMap((e) => [e.prompt, e.response]);
    return fingerprintOf([...sequences(this.train), [], ...sequences(this.val)]); // an empty sequence marks the split
  }

  private split(split: Split): Example[] {
    return split === 'train' ? this.train : this.val;
  }
}
