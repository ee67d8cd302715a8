// Direct Preference Optimization (Rafailov et al. 2023): the same ratings that train a reward model, used to train
// the policy directly, with no reward model and no rollouts. A pair is a small classification problem: the
// implicit reward of a response is β·(log π(response) − log π_ref(response)), and the loss is Bradley–Terry's
// −log σ(reward_chosen − reward_rejected). β plays the part of PPO's KL leash: a small β lets the policy move far
// from the frozen reference to separate the pair; a large one keeps it close.
import { backward, zeroGrad } from '../autograd';
import type { GPT } from '../model/gpt';
import { mulScalar, reshape, slice, sub, sum } from '../ops';
import { AdamW } from '../optim/adamw';
import { noGrad, tidy, withBackend } from '../runtime';
import type { Tensor } from '../tensor';
import { frozenCopy } from './ppo';
import { preferenceLoss, type PreferencePair } from './rewardModel';
import { packSequences, responseLogProbs, type Episode, type SequenceBatch } from './sequences';

export interface DPOConfig {
  /** β: how strongly the implicit reward is tied to drifting from the reference. */
  beta: number;
  lr: number;
  gradClip: number | null;
}

export const defaultDPOConfig: DPOConfig = { beta: 0.1, lr: 1e-4, gradClip: 1 };

/**
 * DPO's loss from the summed log-probabilities of each pair's chosen and rejected responses under the policy and the
 * reference, all (P): mean of −log σ(β·[(π_c − ref_c) − (π_r − ref_r)]).
 */
export function dpoLoss(policyChosen: Tensor, policyRejected: Tensor, refChosen: Tensor, refRejected: Tensor, beta: number): Tensor {
  const chosenReward = mulScalar(sub(policyChosen, refChosen), beta);
  const rejectedReward = mulScalar(sub(policyRejected, refRejected), beta);
  return preferenceLoss(chosenReward, rejectedReward);
}

export interface DPOStepStats {
  loss: number;
  /** Share of pairs whose implicit reward already ranks chosen above rejected. */
  accuracy: number;
  /** Mean implicit reward margin β·[(π_c − ref_c) − (π_r − ref_r)], in nats. */
  margin: number;
}

/** Sum of log π over each row's response tokens: (B). */
function sequenceLogProbs(model: GPT, batch: SequenceBatch): Tensor {
  return reshape(sum(responseLogProbs(model, batch).logp, -1), [batch.B]);
}

function pairsAsEpisodes(pairs: readonly PreferencePair[]): Episode[] {
  return [
    ...pairs.map((p) => ({ prompt: p.prompt, response: p.chosen })),
    ...pairs.map((p) => ({ prompt: p.prompt, response: p.rejected })),
  ];
}

/** Trains `policy` in place on rated pairs; the reference is a frozen copy of it as it was at `create`. */
export class DPOTrainer {
  readonly optimizer: AdamW;

  private constructor(readonly policy: GPT, readonly reference: GPT, readonly config: DPOConfig) {
    this.optimizer = new AdamW(policy.parameters(), { lr: config.lr, weightDecay: 0 });
  }

  static async create(policy: GPT, config: Partial<DPOConfig> = {}): Promise<DPOTrainer> {
    const c = { ...defaultDPOConfig, ...config };
    if (!(c.beta > 0)) throw new Error(`DPO's β must be above 0, not ${c.beta}`);
    return new DPOTrainer(policy, await frozenCopy(policy), c);
  }

  /** One gradient step on these pairs. The weights are left as they were if the loss is not finite. */
  async step(pairs: readonly PreferencePair[]): Promise<DPOStepStats> {
    if (pairs.length === 0) throw new Error('DPO needs at least one rated pair');
    const P = pairs.length;
    const batch = packSequences(pairsAsEpisodes(pairs), this.policy.config.blockSize);
    const params = this.policy.parameters();
    zeroGrad(params);
    const { loss, margins } = withBackend(this.policy.backend, () => tidy(() => {
      const ref = noGrad(() => sequenceLogProbs(this.reference, batch)); // (2P): chosen first, then rejected
      const pol = sequenceLogProbs(this.policy, batch);
      const [pc, pr, rc, rr] = [slice(pol, 0, 0, P), slice(pol, 0, P, 2 * P), slice(ref, 0, 0, P), slice(ref, 0, P, 2 * P)];
      const loss = dpoLoss(pc, pr, rc, rr, this.config.beta);
      backward(loss);
      const margins = noGrad(() => mulScalar(sub(sub(pc, rc), sub(pr, rr)), this.config.beta));
      return { loss, margins };
    }));
    const [lossValue, m] = [(await loss.data())[0], await margins.data()];
    loss.dispose();
    margins.dispose();
    if (!Number.isFinite(lossValue)) {
      zeroGrad(params);
      throw new Error('DPO\'s loss is not finite; the weights were left as they were (try a lower learning rate)');
    }
    await this.optimizer.stepClipped(this.config.gradClip);
    zeroGrad(params);
    let ranked = 0, total = 0;
    for (let i = 0; i < P; i++) {
      if (m[i] > 0) ranked++;
      total += m[i];
    }
    return { loss: lossValue, accuracy: ranked / P, margin: total / P };
  }

  /** Implicit-reward margins of pairs without training on them (held-out accuracy). */
  async margins(pairs: readonly PreferencePair[]): Promise<number[]> {
    const P = pairs.length;
    if (P === 0) return [];
    const batch = packSequences(pairsAsEpisodes(pairs), this.policy.config.blockSize);
    const out = withBackend(this.policy.backend, () => tidy(() => noGrad(() => {
      const d = sub(sequenceLogProbs(this.policy, batch), sequenceLogProbs(this.reference, batch));
      return mulScalar(sub(slice(d, 0, 0, P), slice(d, 0, P, 2 * P)), this.config.beta);
    })));
    const values = Array.from(await out.data());
    out.dispose();
    return values;
  }

  /** Frees the reference and the optimizer's moments (the policy stays with its owner). */
  dispose(): void {
    this.reference.dispose();
    this.optimizer.dispose();
  }
}
