import { describe, expect, it } from 'vitest';
import { advantages, whiten } from './gae';

describe('GAE', () => {
  it('with γ = λ = 1 the advantage is the return to go minus the value', () => {
    const { advantages: a, returns } = advantages([0, 0, 1], [0.2, 0.4, 0.6], 1, 1);
    expect(a.map((x) => +x.toFixed(12))).toEqual([0.8, 0.6, 0.4]);
    expect(returns.map((x) => +x.toFixed(12))).toEqual([1, 1, 1]);
  });

  it('with λ = 0 it is the one-step TD error', () => {
    const r = [0.5, -1, 2], v = [1, 2, 3];
    const { advantages: a } = advantages(r, v, 0.9, 0);
    expect(a).toEqual([0.5 + 0.9 * 2 - 1, -1 + 0.9 * 3 - 2, 2 - 3].map((x) => expect.closeTo(x, 12)));
  });

  it('whitens across episodes to mean 0 and deviation 1, keeping each row its length', () => {
    const w = whiten([[1, 2, 3], [4], []]);
    expect(w.map((r) => r.length)).toEqual([3, 1, 0]);
    const all = w.flat();
    const mu = all.reduce((s, x) => s + x, 0) / all.length;
    expect(mu).toBeCloseTo(0, 12);
    expect(all.reduce((s, x) => s + (x - mu) ** 2, 0) / all.length).toBeCloseTo(1, 6);
  });
});
