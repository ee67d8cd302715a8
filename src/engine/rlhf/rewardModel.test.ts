// The reward model: its loss against finite differences, softplus at the extremes, and that it learns what a scripted
// rater prefers (responses with more of token 2) well enough to rank pairs it never saw.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { tensor } from '../tensor';
import { gradCheck } from '../testing/gradCheck';
import { Rng } from '../util/rng';
import { preferenceLoss, RewardModel, RewardModelTrainer, softplus, type PreferencePair } from './rewardModel';

const config = { vocabSize: 6, blockSize: 12, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' as const };

describe('reward model', () => {
  it('preference loss and softplus pass the gradient check', () => {
    const { maxRelError } = gradCheck((c, r) => preferenceLoss(c, r), [
      { shape: [5], values: [0.3, -1.2, 2.5, 0, 4] },
      { shape: [5], values: [0.1, 0.7, -3, 0.5, 4.2] },
    ]);
    expect(maxRelError).toBeLessThan(1e-6);
  });

  it('softplus neither overflows nor goes negative at the extremes', () => {
    const y = softplus(tensor([-100, -30, 0, 30, 100], [5])).toArray();
    expect(y[0]).toBeGreaterThanOrEqual(0);
    expect(y[0]).toBeLessThan(1e-12);
    expect(y[1]).toBeGreaterThanOrEqual(0);
    expect(y[1]).toBeLessThan(1e-12);
    expect(y[2]).toBeCloseTo(Math.LN2, 6);
    expect(y[3]).toBeCloseTo(30, 5);
    expect(y[4]).toBeCloseTo(100, 4);
  });

  it('learns a scripted preference and ranks unseen pairs the same way', async () => {
    const rng = new Rng(5);
    const twos = (xs: number[]) => xs.filter((x) => x === 2).length;
    const makePair = (): PreferencePair => {
      for (;;) {
        const prompt = [rng.int(6), rng.int(6)];
        const a = Array.from({ length: 5 }, () => rng.int(6)), b = Array.from({ length: 5 }, () => rng.int(6));
        if (twos(a) !== twos(b)) return twos(a) > twos(b) ? { prompt, chosen: a, rejected: b } : { prompt, chosen: b, rejected: a };
      }
    };
    const trainPairs = Array.from({ length: 256 }, makePair), heldOut = Array.from({ length: 64 }, makePair);
    const trainer = new RewardModelTrainer(new RewardModel(new GPT(config, 3)), { lr: 3e-3 });
    const losses: number[] = [];
    for (let step = 0; step < 120; step++) {
      const start = (step * 16) % trainPairs.length;
      losses.push((await trainer.step(trainPairs.slice(start, start + 16))).loss);
    }
    const scoresChosen = await trainer.scores(heldOut.map((p) => ({ prompt: p.prompt, response: p.chosen })));
    const scoresRejected = await trainer.scores(heldOut.map((p) => ({ prompt: p.prompt, response: p.rejected })));
    const accuracy = scoresChosen.filter((s, i) => s > scoresRejected[i]).length / heldOut.length;
    expect(losses[0]).toBeGreaterThan(0.6); // log 2 ≈ 0.69 for an untrained model
    expect(losses.slice(-10).reduce((s, x) => s + x, 0) / 10).toBeLessThan(0.3);
    expect(accuracy).toBeGreaterThan(0.85);
    trainer.dispose();
    trainer.model.dispose();
  });
});
