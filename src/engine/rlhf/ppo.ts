// Proximal Policy Optimisation for a language model, as in InstructGPT (Ouyang et al. 2022) after Ziegler et al.
// (2019): the policy writes responses to prompts, a reward function scores each whole response, and every token
// pays a penalty β·(log π − log π_ref) for drifting from a frozen reference copy of the policy (the "KL leash";
// β = 0 lets it chase the reward anywhere, which is how reward hacking happens). Advantages come from a value head
// on the policy's hidden states (GAE); updates use PPO's clipped objective (Schulman et al. 2017).
import { backward, zeroGrad } from '../autograd';
import { generate } from '../model/generate';
import type { GPT } from '../model/gpt';
import { copyModel } from '../model/copy';
import { Linear } from '../nn/layers';
import { add, exp, maxScalar, maximum, mul, mulScalar, neg, reshape, square, sub } from '../ops';
import { AdamW } from '../optim/adamw';
import { noGrad, tidy, withBackend } from '../runtime';
import { tensor, type Tensor } from '../tensor';
import { Rng } from '../util/rng';
import { advantages, whiten } from './gae';
import { entropyOf, maskedMean, packSequences, responseLogProbs, type Episode, type SequenceBatch } from './sequences';

export interface PPOConfig {
  /** β, the weight of the per-token KL penalty towards the reference model (0: no leash). */
  klCoef: number;
  /** ε: the probability ratio π/π_old is clipped to [1 − ε, 1 + ε] in the objective. */
  clipRange: number;
  /** Weight of the value head's squared error in the loss. */
  valueCoef: number;
  /** Discount and GAE's λ (1 and 0.95 are usual for text: an episode is short and ends with its score). */
  gamma: number;
  lambda: number;
  /** Passes over each iteration's episodes, and episodes per gradient step. */
  epochs: number;
  minibatchSize: number;
  lr: number;
  gradClip: number | null;
  /** Tokens the policy writes per prompt. */
  maxNewTokens: number;
  seed: number;
  /**
   * Standardise each iteration's scores (mean 0, sd 1) before they enter the rewards. A reward model's scale is
   * arbitrary, and a score of −35 gives the value head a squared error large enough to swamp the policy's gradient
   * through their shared trunk; standardised, only the ranking within the batch counts. Reported rewards stay raw.
   */
  normalizeScores: boolean;
}

export const defaultPPOConfig: PPOConfig = {
  klCoef: 0.05, clipRange: 0.2, valueCoef: 0.5, gamma: 1, lambda: 0.95, epochs: 4, minibatchSize: 8, lr: 1e-4,
  gradClip: 1, maxNewTokens: 24, seed: 1337, normalizeScores: false,
};

/** Scores whole episodes: a trained reward model, or a scripted rater in tests and demonstrations. */
export type RewardFunction = (episodes: readonly Episode[]) => number[] | Promise<number[]>;

export interface PPOStats {
  iter: number;
  episodes: Episode[];
  /** What the reward function gave each episode, and their mean. */
  scores: number[];
  reward: number;
  /** Mean over episodes of Σ (log π − log π_ref) over the sampled tokens: a sample estimate of KL(π ‖ π_ref). */
  kl: number;
  policyLoss: number;
  valueLoss: number;
  /** Share of token updates whose ratio left [1 − ε, 1 + ε]. */
  clipFraction: number;
  /** Mean ratio π/π_old on the first minibatch, before any update of this iteration: exactly 1. */
  firstRatio: number;
  /** Mean entropy (nats) of the policy's next-token distribution at the sampled tokens, before this iteration's updates. */
  entropy: number;
}

/** Per-episode values (one per response token), in the order of the episode's response. */
type PerToken = number[][];

export class PPO {
  readonly valueHead: Linear;
  readonly optimizer: AdamW;
  /** Iterations (rollout + update) done. */
  iter = 0;

  private constructor(readonly policy: GPT, readonly reference: GPT, readonly reward: RewardFunction, readonly config: PPOConfig) {
    this.valueHead = withBackend(policy.backend, () => new Linear(policy.config.nEmbd, 1, { bias: true, rng: new Rng(config.seed) }));
    this.optimizer = new AdamW([...policy.parameters(), ...this.valueHead.parameters()], { lr: config.lr, weightDecay: 0 });
  }

  /**
   * Starts PPO on `policy` (trained in place); the reference is a frozen copy of it as it is now, or of `reference`
   * when given (a later round keeps the first round's starting model as its leash).
   */
  static async create(policy: GPT, reward: RewardFunction, config: Partial<PPOConfig> = {}, reference?: GPT): Promise<PPO> {
    const c = { ...defaultPPOConfig, ...config };
    for (const key of ['maxNewTokens', 'epochs', 'minibatchSize'] as const) {
      if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`PPO's ${key} must be a whole number ≥ 1, not ${c[key]}`);
    }
    return new PPO(policy, await frozenCopy(reference ?? policy), reward, c);
  }

  /** The policy's responses to each prompt, sampled at temperature 1 (the ratios assume samples from π itself). */
  async rollout(prompts: readonly number[][]): Promise<Episode[]> {
    const { maxNewTokens, seed } = this.config;
    const rng = new Rng(seed + 7919 * this.iter);
    const episodes: Episode[] = [];
    for (const prompt of prompts) {
      if (prompt.length === 0) throw new Error('a prompt has no tokens');
      if (prompt.length + maxNewTokens > this.policy.config.blockSize) {
        throw new Error(`a prompt of ${prompt.length} tokens plus ${maxNewTokens} new ones exceeds the block size ` +
          `${this.policy.config.blockSize}; shorten the prompt or the response`);
      }
      const response = await generate(this.policy, prompt, { maxNewTokens, temperature: 1, seed: rng.int(2 ** 31) });
      episodes.push({ prompt: [...prompt], response });
    }
    return episodes;
  }

  /** One iteration: roll out, score, then `epochs` passes of clipped-objective updates over the episodes. */
  async step(prompts: readonly number[][]): Promise<PPOStats> {
    const c = this.config;
    const episodes = await this.rollout(prompts);
    const scores = await this.reward(episodes);
    if (scores.length !== episodes.length || !scores.every(Number.isFinite)) {
      throw new Error('the reward function must return one finite number per episode');
    }
    const { oldLogp, refLogp, values, entropies } = await this.scoreTokens(episodes);
    const used = c.normalizeScores ? whiten([scores])[0] : scores;

    // Rewards per token: the KL penalty everywhere, plus the score on the last token.
    const kls = oldLogp.map((lp, e) => lp.map((x, i) => x - refLogp[e][i]));
    const gae = kls.map((kl, e) => {
      const rewards = kl.map((k) => -c.klCoef * k);
      rewards[rewards.length - 1] += used[e];
      return advantages(rewards, values[e], c.gamma, c.lambda);
    });
    const adv = whiten(gae.map((g) => g.advantages));
    const returns = gae.map((g) => g.returns);

    const rng = new Rng(c.seed + 104729 * this.iter);
    let policyLoss = 0, valueLoss = 0, clipped = 0, counted = 0, firstRatio = NaN, updates = 0;
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const order = shuffled(episodes.length, rng);
      for (let start = 0; start < order.length; start += c.minibatchSize) {
        const chosen = order.slice(start, start + c.minibatchSize).filter((e) => episodes[e].response.length > 0);
        if (chosen.length === 0) continue;
        const r = await this.update(chosen.map((e) => episodes[e]), pick(oldLogp, chosen), pick(adv, chosen), pick(returns, chosen));
        if (Number.isNaN(firstRatio)) firstRatio = r.meanRatio;
        policyLoss += r.policyLoss;
        valueLoss += r.valueLoss;
        clipped += r.clipped;
        counted += r.count;
        updates++;
      }
    }
    this.iter++;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    return {
      iter: this.iter, episodes, scores, reward: mean(scores), kl: mean(kls.map((k) => k.reduce((s, x) => s + x, 0))),
      policyLoss: policyLoss / Math.max(1, updates), valueLoss: valueLoss / Math.max(1, updates),
      clipFraction: clipped / Math.max(1, counted), firstRatio, entropy: mean(entropies.flat()),
    };
  }

  /** Frees the reference copy, the value head and the optimizer's moments (the policy stays with its owner). */
  dispose(): void {
    this.reference.dispose();
    this.valueHead.dispose();
    this.optimizer.dispose();
  }

  /** log π_old, log π_ref, V and the policy's entropy at every response token, before this iteration's updates. */
  private async scoreTokens(episodes: Episode[]): Promise<{ oldLogp: PerToken; refLogp: PerToken; values: PerToken; entropies: PerToken }> {
    const batch = packSequences(episodes, this.policy.config.blockSize);
    const { B, T } = batch;
    const [oldT, refT, valueT, entropyT] = withBackend(this.policy.backend, () => tidy(() => noGrad(() => {
      const policy = responseLogProbs(this.policy, batch);
      const values = reshape(this.valueHead.forward(policy.hidden), [B, T]);
      return [policy.logp, responseLogProbs(this.reference, batch).logp, values, entropyOf(policy.logProbs)];
    })));
    const read = async (t: Tensor) => {
      const v = await t.data();
      t.dispose();
      return gatherPerToken(v, episodes, T);
    };
    return { oldLogp: await read(oldT), refLogp: await read(refT), values: await read(valueT), entropies: await read(entropyT) };
  }

  /** One clipped-objective gradient step on a minibatch of episodes. */
  private async update(episodes: Episode[], oldLogp: PerToken, adv: PerToken, returns: PerToken) {
    const c = this.config;
    const batch = packSequences(episodes, this.policy.config.blockSize);
    const { B, T } = batch;
    const params = [...this.policy.parameters(), ...this.valueHead.parameters()];
    const onGrid = (rows: PerToken) => tensor(scatterPerToken(rows, episodes, T), [B, T]);
    zeroGrad(params);
    const out = withBackend(this.policy.backend, () => tidy(() => {
      const { logp, hidden } = responseLogProbs(this.policy, batch);
      const values = reshape(this.valueHead.forward(hidden), [B, T]);
      const ratio = exp(sub(logp, onGrid(oldLogp))); // π/π_old; 1 off the response, where both are 0
      const A = onGrid(adv);
      const unclipped = mul(ratio, A);
      const clippedObjective = mul(clamp(ratio, 1 - c.clipRange, 1 + c.clipRange), A);
      const policyLoss = neg(maskedMean(minimum(unclipped, clippedObjective), batch));
      const valueLoss = mulScalar(maskedMean(square(sub(values, onGrid(returns))), batch), 0.5);
      backward(add(policyLoss, mulScalar(valueLoss, c.valueCoef)));
      return { policyLoss, valueLoss, ratio };
    }));
    const [pl, vl, ratios] = [(await out.policyLoss.data())[0], (await out.valueLoss.data())[0], await out.ratio.data()];
    for (const t of [out.policyLoss, out.valueLoss, out.ratio]) t.dispose();
    if (!Number.isFinite(pl) || !Number.isFinite(vl)) throw new Error('PPO\'s loss is not finite; try a lower learning rate');
    await this.optimizer.stepClipped(c.gradClip);
    zeroGrad(params);
    return { policyLoss: pl, valueLoss: vl, ...ratioStats(ratios, batch, c.clipRange) };
  }
}

/** A copy of a GPT's weights that no optimiser touches. */
export function frozenCopy(model: GPT): Promise<GPT> {
  return copyModel(model, { trainable: false });
}

function minimum(a: Tensor, b: Tensor): Tensor {
  return neg(maximum(neg(a), neg(b)));
}

function clamp(x: Tensor, lo: number, hi: number): Tensor {
  return neg(maxScalar(neg(maxScalar(x, lo)), -hi));
}

/** Response-token values of a (B, T) grid, per episode. */
function gatherPerToken(grid: ArrayLike<number>, episodes: readonly Episode[], T: number): PerToken {
  return episodes.map((e, b) => e.response.map((_, i) => grid[b * T + e.prompt.length + i - 1]));
}

/** The inverse: per-episode values onto a (B, T) grid, 0 elsewhere. */
function scatterPerToken(rows: PerToken, episodes: readonly Episode[], T: number): Float32Array {
  const grid = new Float32Array(episodes.length * T);
  episodes.forEach((e, b) => rows[b].forEach((x, i) => { grid[b * T + e.prompt.length + i - 1] = x; }));
  return grid;
}

function ratioStats(ratios: ArrayLike<number>, batch: SequenceBatch, clipRange: number) {
  let sum = 0, clipped = 0;
  batch.mask.forEach((m, at) => {
    if (!m) return;
    sum += ratios[at];
    if (Math.abs(ratios[at] - 1) > clipRange) clipped++;
  });
  return { meanRatio: sum / Math.max(1, batch.count), clipped, count: batch.count };
}

function pick<T>(rows: T[], indices: number[]): T[] {
  return indices.map((i) => rows[i]);
}

/** 0..n−1 in a seeded random order (Fisher–Yates). */
function shuffled(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
