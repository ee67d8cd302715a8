// PPO on a tiny GPT with a scripted rater that likes token 2: the checks ARCHITECTURE.md asks for (ratio = 1 before
// the first update, KL = 0 while the policy equals the reference, the rater's reward rises), and the KL leash:
// without it the policy drifts much further from the reference for its reward (β = 0.2 there: reward about 0.3 at
// KL about 0.5 nats; β = 0: reward about 1, every token a 2, at KL about 10 nats).
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { Rng } from '../util/rng';
import { PPO, frozenCopy } from './ppo';
import type { Episode } from './sequences';

const config = { vocabSize: 6, blockSize: 12, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' as const };
const likesTwos = (episodes: readonly Episode[]) => episodes.map((e) => e.response.filter((t) => t === 2).length / e.response.length);
const prompts = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => [rng.int(6), rng.int(6)]);
};
const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

async function train(klCoef: number, iterations: number) {
  const policy = new GPT(config, 11);
  const ppo = await PPO.create(policy, likesTwos, { klCoef, lr: 3e-3, maxNewTokens: 6, minibatchSize: 8, epochs: 4, seed: 3 });
  const stats = [];
  for (let i = 0; i < iterations; i++) stats.push(await ppo.step(prompts(16, 100 + i)));
  ppo.dispose();
  policy.dispose();
  return stats;
}

describe('PPO', () => {
  it('starts with ratio 1 and KL 0: the policy is its own reference before the first update', async () => {
    const [first] = await train(0.1, 1);
    expect(first.kl).toBe(0);
    expect(Math.abs(first.firstRatio - 1)).toBeLessThan(1e-6);
    expect(first.episodes).toHaveLength(16);
    expect(first.episodes.every((e) => e.response.length === 6)).toBe(true);
  });

  it("raises a scripted rater's reward", async () => {
    const stats = await train(0.05, 24);
    const early = meanOf(stats.slice(0, 3).map((s) => s.reward));
    const late = meanOf(stats.slice(-3).map((s) => s.reward));
    expect(early).toBeLessThan(0.35); // about 1/6 for an untrained policy
    expect(late).toBeGreaterThan(early + 0.25);
  });

  it('without the KL leash the policy buys its reward with a much larger drift from the reference', async () => {
    const leashed = await train(0.2, 24), free = await train(0, 24);
    const last = (stats: typeof free, key: 'kl' | 'reward') => meanOf(stats.slice(-3).map((s) => s[key]));
    expect(last(free, 'kl')).toBeGreaterThan(3 * last(leashed, 'kl'));
    expect(last(free, 'reward')).toBeGreaterThan(last(leashed, 'reward'));
  });

  it('refuses prompts that leave no room for the response, and a frozen copy equals its source', async () => {
    const policy = new GPT(config, 1);
    const ppo = await PPO.create(policy, likesTwos, { maxNewTokens: 6 });
    await expect(ppo.rollout([[1, 2, 3, 4, 5, 0, 1]])).rejects.toThrow(/exceeds the block size/);
    await expect(PPO.create(policy, likesTwos, { maxNewTokens: 0 })).rejects.toThrow(/maxNewTokens/);
    const copy = await frozenCopy(policy);
    expect(Array.from(copy.namedParameters().get('h.0.mlp.c_fc.weight')!.toArray()))
      .toEqual(Array.from(policy.namedParameters().get('h.0.mlp.c_fc.weight')!.toArray()));
    copy.dispose();
    ppo.dispose();
    policy.dispose();
  });
});
