import { describe, expect, it } from 'vitest';
import { TrainConfigError, validateTrainConfig } from './trainConfig';
import type { TrainConfig } from './trainer';

const good: TrainConfig = {
  maxIters: 100, batchSize: 8, blockSize: 16, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 50, evalIters: 4, seed: 1,
  schedule: { maxLr: 1e-3, minLr: 1e-4, warmupIters: 10, decayIters: 100 },
};

describe('validateTrainConfig', () => {
  it('accepts a sound recipe, no clipping, and a learning rate of 0', () => {
    expect(validateTrainConfig(good, 16)).toBe(good);
    expect(() => validateTrainConfig({ ...good, gradClip: null, schedule: { ...good.schedule, maxLr: 0, minLr: 0 } }, 16)).not.toThrow();
  });

  it.each([
    [{ schedule: { ...good.schedule, maxLr: -1e-3 } }, /^schedule\.maxLr must be a number ≥ 0 \(the peak learning rate\), got -0\.001$/],
    [{ schedule: { ...good.schedule, maxLr: NaN } }, /^schedule\.maxLr must be a number ≥ 0.*got NaN$/],
    [{ schedule: { ...good.schedule, minLr: Infinity } }, /^schedule\.minLr must be a number ≥ 0.*got Infinity$/],
    [{ maxIters: NaN }, /^maxIters must be a whole number from 1 to 10,000,000, got NaN$/],
    [{ maxIters: 0 }, /^maxIters must be .* got 0$/],
    [{ batchSize: 0 }, /^batchSize must be a whole number from 1 to 4096, got 0$/],
    [{ blockSize: 0 }, /^blockSize must be a whole number from 1 to the model's block size 16, got 0$/],
    [{ blockSize: 17 }, /^blockSize .* block size 16, got 17$/],
    [{ schedule: { maxLr: 1e-3 } }, /^schedule\.minLr must be given: a schedule needs all of maxLr, minLr, warmupIters and decayIters/],
    [{ schedule: undefined }, /^schedule must be an object with maxLr, minLr, warmupIters and decayIters, got nothing$/],
    [{ evalIters: 0 }, /^evalIters must be a whole number from 1 to 10,000, got 0$/],
    [{ evalInterval: 0.5 }, /^evalInterval must be a whole number ≥ 1, got 0\.5$/],
    [{ beta2: 1 }, /^beta2 must be in \[0, 1\), got 1$/],
    [{ gradClip: 0 }, /^gradClip must be a number > 0, or null for no clipping, got 0$/],
    [{ weightDecay: -0.1 }, /^weightDecay must be a number ≥ 0, got -0\.1$/],
    [{ evalBatches: 'sometimes' }, /^evalBatches must be "fixed" or "fresh", got "sometimes"$/],
  ])('refuses %j, naming the field and its range', (change, message) => {
    const attempt = () => validateTrainConfig({ ...good, ...change } as TrainConfig, 16);
    expect(attempt).toThrow(TrainConfigError);
    expect(attempt).toThrow(message);
  });
});
