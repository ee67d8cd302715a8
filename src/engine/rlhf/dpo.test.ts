// DPO: its loss against finite differences, and that training on rated pairs (a scripted preference for token 2)
// raises the share of held-out pairs its implicit reward ranks the rater's way.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { gradCheck } from '../testing/gradCheck';
import { Rng } from '../util/rng';
import { DPOTrainer, dpoLoss } from './dpo';
import type { PreferencePair } from './rewardModel';

const config = { vocabSize: 6, blockSize: 12, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' as const };

describe('DPO', () => {
  it('its loss passes the gradient check in all four log-probabilities', () => {
    const { maxRelError } = gradCheck((pc, pr, rc, rr) => dpoLoss(pc, pr, rc, rr, 0.5), [
      { shape: [4], values: [-3.1, -7.2, -2.5, -9] },
      { shape: [4], values: [-4.0, -6.1, -8, -1.5] },
      { shape: [4], values: [-3.3, -7, -3, -8.2] },
      { shape: [4], values: [-3.9, -6.6, -7.5, -2.2] },
    ]);
    expect(maxRelError).toBeLessThan(1e-6);
  });

  it('starts at log 2 with margin 0 (policy = reference), then ranks unseen pairs the rater\'s way', async () => {
    const rng = new Rng(9);
    const twos = (xs: number[]) => xs.filter((x) => x === 2).length;
    const makePair = (): PreferencePair => {
      for (;;) {
        const prompt = [rng.int(6), rng.int(6)];
        const a = Array.from({ length: 5 }, () => rng.int(6)), b = Array.from({ length: 5 }, () => rng.int(6));
        if (twos(a) !== twos(b)) return twos(a) > twos(b) ? { prompt, chosen: a, rejected: b } : { prompt, chosen: b, rejected: a };
      }
    };
    const trainPairs = Array.from({ length: 192 }, makePair), heldOut = Array.from({ length: 64 }, makePair);
    const policy = new GPT(config, 4);
    const dpo = await DPOTrainer.create(policy, { beta: 0.5, lr: 3e-3 });
    const heldOutAccuracy = async () => (await dpo.margins(heldOut)).filter((m) => m > 0).length / heldOut.length;
    expect(await heldOutAccuracy()).toBe(0); // every margin is exactly 0 before the first step
    const first = await dpo.step(trainPairs.slice(0, 16));
    expect(first.loss).toBeCloseTo(Math.LN2, 5);
    expect(first.margin).toBe(0);
    const stats = [first];
    for (let step = 1; step < 60; step++) {
      const start = (step * 16) % trainPairs.length;
      stats.push(await dpo.step(trainPairs.slice(start, start + 16)));
    }
    const late = stats.slice(-10);
    expect(late.reduce((s, x) => s + x.loss, 0) / late.length).toBeLessThan(0.45);
    expect(late.reduce((s, x) => s + x.accuracy, 0) / late.length).toBeGreaterThan(0.75);
    expect(await heldOutAccuracy()).toBeGreaterThan(0.75);
    dpo.dispose();
    policy.dispose();
  });

  it('refuses β = 0 and an empty batch', async () => {
    const policy = new GPT(config, 1);
    await expect(DPOTrainer.create(policy, { beta: 0 })).rejects.toThrow(/β/);
    const dpo = await DPOTrainer.create(policy);
    await expect(dpo.step([])).rejects.toThrow(/at least one/);
    dpo.dispose();
    policy.dispose();
  });
});
