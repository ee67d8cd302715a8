// A reward model as in InstructGPT (Ouyang et al. 2022): a GPT body with a scalar head on the final hidden state of
// each sequence's last token, trained on pairs a reader rated so that r(prompt + chosen) > r(prompt + rejected).
// The loss is Bradley–Terry's −log σ(r_chosen − r_rejected): it only cares about differences, so a reward is a score
// to compare, not a probability.
import { backward, zeroGrad } from '../autograd';
import type { GPT } from '../model/gpt';
import { Module } from '../nn/module';
import { Linear } from '../nn/layers';
import { abs, add, addScalar, exp, log, mul, neg, relu, reshape, slice, sub, sum, mean } from '../ops';
import { AdamW } from '../optim/adamw';
import { noGrad, tidy, withBackend } from '../runtime';
import { tensor, type Tensor } from '../tensor';
import { Rng } from '../util/rng';
import { packSequences, type Episode, type SequenceBatch } from './sequences';

/** One rating: for this prompt the reader preferred `chosen` to `rejected` (token ids of the two continuations). */
export interface PreferencePair {
  prompt: number[];
  chosen: number[];
  rejected: number[];
}

export class RewardModel extends Module {
  readonly body: GPT;
  /** Hidden state (C) → one number. */
  readonly head: Linear;

  /** Takes ownership of `body` (usually a copy of the policy, so it starts knowing the language). */
  constructor(body: GPT, seed = 7) {
    super();
    this.body = this.addModule('body', body);
    this.head = this.addModule('head', new Linear(body.config.nEmbd, 1, { bias: true, rng: new Rng(seed) }));
  }

  /** Scores (B) of the batch's sequences: the head on each row's last real position. */
  score(batch: SequenceBatch): Tensor {
    const { B, T } = batch;
    const { hidden } = this.body.forward(tensor(batch.ids, [B, T])); // (B, T, C)
    const atLast = new Float32Array(B * T);
    batch.last.forEach((t, b) => { atLast[b * T + t] = 1; });
    const h = sum(mul(hidden, tensor(atLast, [B, T, 1])), 1); // (B, C)
    return reshape(this.head.forward(h), [B]);
  }
}

/** log(1 + eˣ), written so that neither large nor very negative x overflows. */
export function softplus(x: Tensor): Tensor {
  return add(relu(x), log(addScalar(exp(neg(abs(x))), 1)));
}

/** Bradley–Terry loss over pairs: mean of −log σ(chosen − rejected) = softplus(rejected − chosen). */
export function preferenceLoss(chosen: Tensor, rejected: Tensor): Tensor {
  return mean(softplus(sub(rejected, chosen)));
}

export interface RewardTrainingOptions {
  lr?: number;
  weightDecay?: number;
  gradClip?: number | null;
}

/** Fits a reward model to ratings, one AdamW step per call, and scores episodes. */
export class RewardModelTrainer {
  readonly optimizer: AdamW;
  private readonly gradClip: number | null;

  constructor(readonly model: RewardModel, { lr = 3e-4, weightDecay = 0, gradClip = 1 }: RewardTrainingOptions = {}) {
    this.optimizer = new AdamW(model.parameters(), { lr, weightDecay });
    this.gradClip = gradClip;
  }

  /** One step on these pairs; returns the loss and the share of pairs already ranked the reader's way. */
  async step(pairs: readonly PreferencePair[]): Promise<{ loss: number; accuracy: number }> {
    const params = this.model.parameters();
    const episodes: Episode[] = [
      ...pairs.map((p) => ({ prompt: p.prompt, response: p.chosen })),
      ...pairs.map((p) => ({ prompt: p.prompt, response: p.rejected })),
    ];
    const batch = packSequences(episodes, this.model.body.config.blockSize);
    const P = pairs.length;
    zeroGrad(params);
    const { loss, scores } = withBackend(this.model.body.backend, () => tidy(() => {
      const scores = this.model.score(batch); // (2P): chosen first, then rejected
      const loss = preferenceLoss(slice(scores, 0, 0, P), slice(scores, 0, P, 2 * P));
      backward(loss);
      return { loss, scores };
    }));
    const [lossValue, values] = [(await loss.data())[0], await scores.data()];
    loss.dispose();
    scores.dispose();
    if (!Number.isFinite(lossValue)) throw new Error('the reward model\'s loss is not finite; its weights were left as they were');
    await this.optimizer.stepClipped(this.gradClip);
    zeroGrad(params);
    let ranked = 0;
    for (let i = 0; i < P; i++) if (values[i] > values[P + i]) ranked++;
    return { loss: lossValue, accuracy: ranked / P };
  }

  /** The reward of each episode (prompt + response), without gradients. */
  async scores(episodes: readonly Episode[]): Promise<number[]> {
    return scoreEpisodes(this.model, episodes);
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** The reward model's score of each episode, without gradients. */
export async function scoreEpisodes(model: RewardModel, episodes: readonly Episode[]): Promise<number[]> {
  const batch = packSequences(episodes, model.body.config.blockSize);
  const scores = withBackend(model.body.backend, () => tidy(() => noGrad(() => model.score(batch))));
  const values = Array.from(await scores.data());
  scores.dispose();
  return values;
}
