import { describe, expect, it } from 'vitest';
import { Cut, distribution, drawSeed, drawToken, entropy, filterDistribution } from './sampling';

// A four-token vocabulary whose softmax is exactly [0.4, 0.3, 0.2, 0.1].
const p = [0.4, 0.3, 0.2, 0.1];
const logits = p.map(Math.log);

function expectClose(actual: ArrayLike<number>, expected: number[], digits = 12) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}

describe('distribution: every stage from logits to the draw', () => {
  it('temperature 1 and no cuts: the model softmax, drawn from as is', () => {
    const d = distribution(logits);
    expectClose(d.model, p);
    expectClose(d.tempered, p);
    expectClose(d.filtered, p);
    expect(Array.from(d.cut)).toEqual([0, 0, 0, 0]);
  });

  it('top-k keeps exactly the k most likely, renormalised, and marks the rest', () => {
    const d = distribution(logits, { topK: 2 });
    expectClose(d.filtered, [0.4 / 0.7, 0.3 / 0.7, 0, 0]);
    expect(Array.from(d.cut)).toEqual([Cut.kept, Cut.kept, Cut.topK, Cut.topK]);
    expectClose(d.tempered, p); // the stage before the cut is still there to show
  });

  it('top-p keeps the fewest most likely tokens whose mass reaches p', () => {
    const d = distribution(logits, { topP: 0.65 }); // 0.4 < 0.65 ≤ 0.4 + 0.3
    expectClose(d.filtered, [0.4 / 0.7, 0.3 / 0.7, 0, 0]);
    expect(Array.from(d.cut)).toEqual([Cut.kept, Cut.kept, Cut.topP, Cut.topP]);
    expectClose(distribution(logits, { topP: 0.3 }).filtered, [1, 0, 0, 0]); // the most likely always stays
  });

  it('top-p measures mass after top-k has cut', () => {
    // Of the top 3 (mass 0.9), 0.4/0.9 = 0.44 < 0.5 ≤ 0.7/0.9: two tokens stay.
    const d = distribution(logits, { topK: 3, topP: 0.5 });
    expectClose(d.filtered, [0.4 / 0.7, 0.3 / 0.7, 0, 0]);
    expect(Array.from(d.cut)).toEqual([Cut.kept, Cut.kept, Cut.topP, Cut.topK]);
  });

  it('breaks ties by the lower id, for top-k and top-p alike', () => {
    const tied = [1, 3, 3, 2, 3]; // three tokens share the highest logit
    expect(Array.from(distribution(tied, { topK: 2 }).cut)).toEqual([Cut.topK, Cut.kept, Cut.kept, Cut.topK, Cut.topK]);
    const third = distribution([0, 0, 0], { topP: 0.5 }); // 1/3 < 0.5 ≤ 2/3: two of three equal tokens
    expect(Array.from(third.cut)).toEqual([Cut.kept, Cut.kept, Cut.topP]);
    expectClose(third.filtered, [0.5, 0.5, 0]);
  });

  it('min-p drops tokens less likely than minP × the most likely', () => {
    const d = distribution(logits, { minP: 0.6 }); // floor 0.24
    expectClose(d.filtered, [0.4 / 0.7, 0.3 / 0.7, 0, 0]);
    expect(Array.from(d.cut)).toEqual([Cut.kept, Cut.kept, Cut.minP, Cut.minP]);
    expectClose(distribution(logits, { minP: 0.25 }).filtered, p); // floor 0.1: all stay
  });

  it('temperature divides the logits: p^(1/T), renormalised', () => {
    const T = 2;
    const z = p.reduce((s, x) => s + x ** (1 / T), 0);
    const d = distribution(logits, { temperature: T });
    expectClose(d.tempered, p.map((x) => x ** (1 / T) / z));
    expectClose(d.model, p); // the model's own distribution does not move
  });

  it('temperature 0 is greedy (no division by zero); towards 0 it approaches greedy, large it approaches uniform', () => {
    const greedy = distribution(logits, { temperature: 0, topK: 3, topP: 0.5 });
    expect(Array.from(greedy.filtered)).toEqual([1, 0, 0, 0]);
    expect(Array.from(greedy.cut)).toEqual([Cut.kept, Cut.greedy, Cut.greedy, Cut.greedy]);
    expect(filterDistribution(logits, { temperature: 1e-3 })[0]).toBeCloseTo(1, 12);
    const hot = filterDistribution(logits, { temperature: 1e6 });
    for (const x of hot) expect(Math.abs(x - 0.25)).toBeLessThan(1e-6);
    expect(entropy(hot)).toBeCloseTo(Math.log(4), 9);
    expect(Array.from(filterDistribution([1, 3, 3, 2], { temperature: 0 }))).toEqual([0, 1, 0, 0]); // ties: lowest id
  });

  it('top-k 0 or beyond the vocabulary, top-p 1 and min-p 0 cut nothing', () => {
    for (const o of [{ topK: 0 }, { topK: 4 }, { topK: 1000 }, { topP: 1 }, { minP: 0 }, { topK: 0, topP: 1, minP: 0 }]) {
      const d = distribution(logits, o);
      expectClose(d.filtered, p);
      expect(Array.from(d.cut)).toEqual([Cut.kept, Cut.kept, Cut.kept, Cut.kept]);
    }
    expectClose(distribution(logits, { topK: 1 }).filtered, [1, 0, 0, 0]); // top-k 1 is greedy
  });

  it('refuses impossible settings with the setting and its range in the message', () => {
    expect(() => distribution(logits, { temperature: NaN })).toThrow(/temperature must be a number ≥ 0/);
    expect(() => distribution(logits, { temperature: -1 })).toThrow(/temperature/);
    expect(() => distribution(logits, { topK: 1.5 })).toThrow(/topK must be a whole number ≥ 0/);
    expect(() => distribution(logits, { topP: 0 })).toThrow(/topP must be in \(0, 1\]/);
    expect(() => distribution(logits, { minP: 2 })).toThrow(/minP must be in \[0, 1\]/);
  });
});

describe('seeded draws', () => {
  it('one seed and position give one token; the stream over positions follows the distribution', () => {
    expect(drawToken(p, 7, 12)).toBe(drawToken(p, 7, 12));
    expect(drawSeed(7, 12)).not.toBe(drawSeed(7, 13));
    expect(drawSeed(7, 12)).not.toBe(drawSeed(8, 12));
    const n = 20000;
    const counts = [0, 0, 0, 0];
    for (let position = 0; position < n; position++) counts[drawToken(p, 1, position)]++;
    // Within 4 standard deviations of n·p for every token (fixed seeds: the same counts every run).
    counts.forEach((c, i) => expect(Math.abs(c - n * p[i])).toBeLessThan(4 * Math.sqrt(n * p[i] * (1 - p[i]))));
  });

  it('never draws a cut token', () => {
    const filtered = filterDistribution(logits, { topK: 2 });
    for (let position = 0; position < 2000; position++) expect(drawToken(filtered, 3, position)).toBeLessThan(2);
  });
});
