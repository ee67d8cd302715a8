// Reference values from CPython's math.erf / math.erfc (the C library's double-precision functions).
import { describe, expect, it } from 'vitest';
import { erf, normalCdf, normalPdf } from './normal';

const cdf: [number, number][] = [
  [-12, 1.776482112077702e-33], [-8, 6.220960574271819e-16], [-5, 2.866515718791946e-7], [-3, 0.0013498980316300957],
  [-2, 0.02275013194817922], [-1, 0.15865525393145707], [-0.5, 0.3085375387259869], [-1e-3, 0.49960105778608893],
  [0, 0.5], [0.3, 0.6179114221889526], [1, 0.8413447460685429], [2.5, 0.9937903346742238], [3.7, 0.9998922002665226],
  [6, 0.9999999990134123],
];
const erfValues: [number, number][] = [[0.1, 0.1124629160182849], [0.9, 0.7969082124228322], [1.7, 0.9837904585907745],
  [2.4, 0.999311486103355], [2.6, 0.9997639655834707], [4, 0.9999999845827421]];

describe('the normal cdf and erf in double precision', () => {
  it('Φ matches the C library to 1e-13 relative, deep into the left tail', () => {
    for (const [x, want] of cdf) expect(Math.abs(normalCdf(x) - want) / want, `Φ(${x})`).toBeLessThan(1e-13);
  });
  it('erf matches the C library on both sides of the series/fraction switch, and is odd', () => {
    for (const [z, want] of erfValues) {
      expect(Math.abs(erf(z) - want), `erf(${z})`).toBeLessThan(1e-15);
      expect(erf(-z)).toBe(-erf(z));
    }
  });
  it('keeps NaN and the limits at ±Infinity', () => {
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(erf(Infinity)).toBe(1);
    expect(normalPdf(Infinity)).toBe(0);
  });
  it('φ is the derivative of Φ (central differences)', () => {
    for (const x of [-4, -1.3, 0, 0.7, 2.2]) {
      const h = 1e-5;
      expect(Math.abs((normalCdf(x + h) - normalCdf(x - h)) / (2 * h) - normalPdf(x))).toBeLessThan(1e-9);
    }
  });
});
