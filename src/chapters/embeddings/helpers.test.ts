// The chapter's small pure pieces: the map's distortion meter, the seeded shuffle, the concentration of random
// vectors, and the page's RoPE and sinusoid arithmetic.
import { describe, expect, it } from 'vitest';
import { concentration, histogram } from './concentration';
import { mapDistortion } from './distortion';
import { dot, ropeTheta, rotate, sinusoid } from './rope';
import { shuffleWords } from './shuffle';

describe('mapDistortion', () => {
  it('counts true neighbours kept among the nearest on the map and gives their map ranks', () => {
    // Points on a line at 0, 1, 2, 3, 4: from point 0 the map order is 1, 2, 3, 4.
    const points = [0, 0, 1, 0, 2, 0, 3, 0, 4, 0];
    expect(mapDistortion(points, 0, [1, 2])).toEqual({ kept: 2, k: 2, ranks: [1, 2] });
    expect(mapDistortion(points, 0, [4, 1])).toEqual({ kept: 1, k: 2, ranks: [4, 1] });
  });
});

describe('shuffleWords', () => {
  it('keeps the same words, is the same for the same seed, and changes the order', () => {
    const text = 'one two three four five six seven eight';
    const a = shuffleWords(text, 7);
    expect(a.split(' ').sort()).toEqual(text.split(' ').sort());
    expect(shuffleWords(text, 7)).toBe(a);
    expect(a).not.toBe(text);
    expect(shuffleWords('', 3)).toBe('');
  });
});

describe('concentration', () => {
  it('spreads cosines by about 1/√d and brings nearest and farthest together as d grows', () => {
    const low = concentration(2), high = concentration(2000);
    expect(high.cosineSpread).toBeGreaterThan(0.5 / Math.sqrt(2000));
    expect(high.cosineSpread).toBeLessThan(1.5 / Math.sqrt(2000));
    expect(low.cosineSpread).toBeGreaterThan(0.5);
    expect(high.distanceContrast).toBeLessThan(low.distanceContrast);
    expect(histogram([-1, 0, 0.99, 1], 4)).toEqual([1, 0, 1, 2]);
    expect(histogram([0, 0.5, 1.9, 3], 2, [0, 2])).toEqual([2, 2]);
    const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(high.relativeDistances)).toBeCloseTo(1, 6);
    const within10 = (xs: Float64Array) => xs.filter((x) => Math.abs(x - 1) < 0.1).length / xs.length;
    expect(within10(high.relativeDistances)).toBeGreaterThan(0.95); // in 2,000 dimensions almost every pair is at the mean distance
    expect(within10(low.relativeDistances)).toBeLessThan(0.5);
  });
});

describe('RoPE and sinusoids in the page', () => {
  it('agree with the formulas', () => {
    expect(ropeTheta(0, 8)).toBe(1);
    expect(ropeTheta(2, 8)).toBeCloseTo(0.01);
    const [x, y] = rotate([1, 0], Math.PI / 2);
    expect(x).toBeCloseTo(0);
    expect(y).toBeCloseTo(1);
    const q: [number, number] = [1, 0.5], k: [number, number] = [0.3, 0.9];
    expect(dot(rotate(q, 5 * 0.3), rotate(k, 2 * 0.3))).toBeCloseTo(dot(rotate(q, 13 * 0.3), rotate(k, 10 * 0.3)));
    expect(sinusoid(3, 2, 8).value).toBeCloseTo(Math.sin(0.3));
    expect(sinusoid(3, 5, 8).value).toBeCloseTo(Math.cos(0.03));
  });
});

describe('twinRefusal', () => {
  it('makes a twin for small models and refuses one for a 124M GPT-2, saying how much memory it would cost', async () => {
    const { twinRefusal, TWIN_MAX_PARAMETERS } = await import('./useUntrainedTwin');
    expect(twinRefusal(800_000)).toBeNull();
    expect(twinRefusal(TWIN_MAX_PARAMETERS)).toBeNull();
    const said = twinRefusal(124_439_808)!;
    expect(said).toMatch(/124M-parameter model/);
    expect(said).toMatch(/about 475 MB more/);
  });
});
