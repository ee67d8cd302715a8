import { describe, expect, it } from 'vitest';
import { distribution } from '../../engine/model/sampling';
import { findLoop, probabilitiesAt } from './temperature';

describe('probabilities at a temperature', () => {
  const logits = [2, 1, 0.5, -1];
  it('equal the engine sampler\'s tempered distribution', () => {
    for (const T of [0.1, 0.5, 1, 1.7]) {
      const engine = distribution(logits, { temperature: T }).tempered;
      probabilitiesAt(logits, T).forEach((p, i) => expect(p).toBeCloseTo(engine[i], 12));
    }
  });

  it('go to greedy at 0 and towards uniform when hot', () => {
    expect(Array.from(probabilitiesAt(logits, 0))).toEqual([1, 0, 0, 0]);
    probabilitiesAt(logits, 1e6).forEach((p) => expect(p).toBeCloseTo(0.25, 5));
  });
});

describe('the loop greedy falls into', () => {
  it('finds the earliest-starting repetition of two or more whole units', () => {
    // "at sat sat sat sat": the loop starts as soon as the text repeats, mid-word if so (4.5 units of " sat").
    expect(findLoop([...'the cat sat sat sat sat'])).toEqual({ start: 5, period: 4, repeats: 4.5 });
    expect(findLoop([9, 1, 2, 1, 2, 1, 2])).toEqual({ start: 1, period: 2, repeats: 3 });
    expect(findLoop([5, 5, 5, 5])).toEqual({ start: 0, period: 1, repeats: 4 });
  });

  it('says there is none when the sequence does not end in one', () => {
    expect(findLoop([1, 2, 3, 4, 5])).toBeNull();
    expect(findLoop([1, 2, 1, 2, 3])).toBeNull();
    expect(findLoop([])).toBeNull();
  });
});
