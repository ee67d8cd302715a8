import { describe, expect, it } from 'vitest';
import { distinctN } from './diversity';
import { parseTextRule, rateByRule, ruleAsCode, scoreText, textRuleName } from './textRater';

describe('scripted text raters', () => {
  it('score what their rule says, and rate pairs by the score', () => {
    const love = parseTextRule('theme:Love');
    expect(scoreText(love, 'LOVE is love, not loveless')).toBe(3);
    expect(rateByRule(love, 'my love', 'my dove')).toBe('a');
    expect(rateByRule(love, 'no', 'nay')).toBe('tie');
    const short = parseTextRule('short-lines');
    expect(scoreText(short, 'ab\ncdef')).toBe(-3);
    expect(rateByRule(short, 'a long line here', 'a\nshort\none')).toBe('b');
    expect(scoreText(parseTextRule('mix:o'), 'oo\nxxxx')).toBeCloseTo(2 - 0.3, 10);
    expect(textRuleName(parseTextRule('mix:thee')) ).toBe('mix:thee');
  });

  it('shows its rule as code and refuses a rule it does not know', () => {
    expect(ruleAsCode(parseTextRule('theme:love'))).toMatch(/score\(text\) = count\("love"\)\n.*\n\/\/ count\("…"\) = times the string appears, any case/);
    expect(() => parseTextRule('longer')).toThrow(/theme:<word>/);
    expect(() => parseTextRule('theme:')).toThrow(/not a rule/);
  });
});

describe('distinct-n', () => {
  it('counts distinct n-grams over all n-grams', () => {
    expect(distinctN([[1, 2, 1, 2]], 2)).toBeCloseTo(2 / 3, 10);
    expect(distinctN([[1, 2, 3], [1, 2, 3]], 1)).toBe(0.5);
    expect(distinctN([['a'], []], 2)).toBe(0);
    expect(() => distinctN([[1]], 0)).toThrow(/n must be/);
  });
});
