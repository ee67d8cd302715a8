import { describe, expect, it } from 'vitest';
import { evaluateRule, namesUsed, parseRule, RuleSyntaxError } from './ruleLanguage';
import { parseTextRule, rateByRule, ruleAsCode, ruleSource, scoreText, textRuleName } from './textRater';

const score = (rule: string, text: string) => evaluateRule(parseRule(rule), text);

/** The position and message of the error a rule gives. */
function errorOf(rule: string): { position: number; message: string } {
  try {
    parseRule(rule);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSyntaxError);
    return { position: (error as RuleSyntaxError).position, message: (error as Error).message };
  }
  throw new Error(`“${rule}” parsed`);
}

describe('the rule language: parsing', () => {
  it('reads arithmetic with the usual precedence, unary minus, brackets and comparisons', () => {
    expect(score('1 + 2 * 3', '')).toBe(7);
    expect(score('(1 + 2) * 3', '')).toBe(9);
    expect(score('10 - 4 - 3', '')).toBe(3); // left to right
    expect(score('12 / 3 / 2', '')).toBe(2);
    expect(score('-2 * -3', '')).toBe(6);
    expect(score('--1', '')).toBe(1);
    expect(score('.5 + 1.25', '')).toBe(1.75);
    expect(score('1 + 2 < 4', '')).toBe(1); // a comparison binds loosest
    expect(score('2 * (3 >= 4)', '')).toBe(0);
    expect(score('1 == 1', '') + score('1 != 1', '') + score('2 <= 2', '') + score('3 > 2', '')).toBe(3);
    expect(score('5 / 0', '')).toBe(0); // a score is always a number
  });

  it('builds the tree it says', () => {
    expect(parseRule('2*contains("love") - length/100')).toEqual({
      type: 'binary', op: '-',
      left: { type: 'binary', op: '*', left: { type: 'number', value: 2 }, right: { type: 'call', name: 'contains', args: ['love'] } },
      right: { type: 'binary', op: '/', left: { type: 'measure', name: 'length' }, right: { type: 'number', value: 100 } },
    });
    expect(parseRule("words('thee', \"thou\")")).toEqual({ type: 'call', name: 'words', args: ['thee', 'thou'] });
    expect(namesUsed(parseRule('rhymes + 2*words("a","b") - rhymes / length'))).toEqual(['rhymes', 'words', 'length']);
  });

  it('says where a rule goes wrong and what it expected there', () => {
    expect(errorOf('')).toMatchObject({ position: 0, message: expect.stringMatching(/the rule is empty/) });
    expect(errorOf('2 * ')).toMatchObject({ position: 4, message: 'At character 5: expected a number, a measure or a function, found the end of the rule' });
    expect(errorOf('lenght < 40')).toMatchObject({ position: 0, message: expect.stringMatching(/“lenght” is not a measure or function; the measures are length, lines, wordCount/) });
    expect(errorOf('contains(love)')).toMatchObject({ position: 9, message: expect.stringMatching(/contains takes quoted text, e\.g\. contains\("love"\); found “love”/) });
    expect(errorOf('contains("love"')).toMatchObject({ position: 15, message: expect.stringMatching(/expected “,” or “\)” in contains/) });
    expect(errorOf('contains("love)')).toMatchObject({ position: 9, message: expect.stringMatching(/no closing "/) });
    expect(errorOf('count("a", "b")')).toMatchObject({ position: 0, message: expect.stringMatching(/count takes one text; words/) });
    expect(errorOf('contains("")')).toMatchObject({ position: 9, message: expect.stringMatching(/1 to 40 characters/) });
    expect(errorOf('(1 + 2')).toMatchObject({ position: 6, message: expect.stringMatching(/expected “\)” to close the “\(” at character 1/) });
    expect(errorOf('1 2')).toMatchObject({ position: 2, message: expect.stringMatching(/expected an operator .* found “2”/) });
    expect(errorOf('1 < 2 < 3')).toMatchObject({ position: 6, message: expect.stringMatching(/comparisons do not chain/) });
    expect(errorOf('length()')).toMatchObject({ position: 6, message: expect.stringMatching(/length is a measure, not a function/) });
    expect(errorOf('"love"')).toMatchObject({ position: 0, message: expect.stringMatching(/a string goes inside a function/) });
    expect(errorOf('length; alert(1)')).toMatchObject({ position: 6, message: expect.stringMatching(/“;” is not part of the rule language/) });
    expect(errorOf('constructor')).toMatchObject({ position: 0, message: expect.stringMatching(/not a measure or function/) }); // no prototype lookups
    expect(errorOf('1+'.repeat(100) + '1').message).toMatch(/at most 180 characters/);
  });
});

describe('the rule language: measures and functions', () => {
  const poem = 'Shall I compare thee\nto a summer day?\nThou art more lovely\nand more temperate, thou';
  it('measures the text', () => {
    expect(score('length', 'ab\ncd')).toBe(5);
    expect(score('lines', 'ab\ncd\n')).toBe(3);
    expect(score('wordCount', "It's a dog's life, 2 legs")).toBe(6);
    expect(score('meanLineLength', 'ab\ncdef')).toBe(3);
    expect(score('count("LOVE")', 'love is love, not loveless')).toBe(3);
    expect(score('contains("love")', 'Lovely') + score('contains("love")', 'dove')).toBe(1);
    expect(score('words("thee", "thou")', poem)).toBe(3); // Thou, thou and thee, whole words only
    expect(score('words("the")', 'these then the')).toBe(1);
  });

  it('counts rhymes: neighbouring lines whose different last words end alike', () => {
    expect(score('rhymes', 'the cat\nsat on a mat\nand a hat')).toBe(2);
    expect(score('rhymes', 'the day\nthe day')).toBe(0); // the same word is not a rhyme
    expect(score('rhymes', 'love,\nabove!\n\nglove')).toBe(2); // punctuation and blank lines ignored
    expect(score('rhymes', 'one line only')).toBe(0);
  });

  it('combines them with weights, as a teacher would', () => {
    const rule = parseRule('2*contains("love") - length/100');
    expect(evaluateRule(rule, 'I love thee')).toBeCloseTo(2 - 0.11, 10);
    expect(evaluateRule(parseRule('length < 40'), 'short')).toBe(1);
    expect(evaluateRule(parseRule('length < 40'), 'x'.repeat(40))).toBe(0);
  });
});

describe('the classroom rater in the rule language', () => {
  const texts = ['', 'love', 'LOVE is love,\nnot loveless', 'a\nbb\n\ncccc love', 'no such word here at all\nx'];
  const meanLine = (t: string) => t.split('\n').reduce((s, l) => s + l.length, 0) / t.split('\n').length;
  const countLove = (t: string) => t.toLowerCase().split('love').length - 1;

  it('expresses the three ready-made rules, scoring exactly as their definitions', () => {
    expect(ruleSource(parseTextRule('theme:love'))).toBe('count("love")');
    expect(ruleSource(parseTextRule('short-lines'))).toBe('-meanLineLength');
    expect(ruleSource(parseTextRule('mix:love'))).toBe('count("love") - meanLineLength / 10');
    for (const t of texts) {
      expect(scoreText(parseTextRule('theme:love'), t)).toBe(countLove(t));
      expect(scoreText(parseTextRule('short-lines'), t)).toBe(-meanLine(t));
      expect(scoreText(parseTextRule('mix:love'), t)).toBeCloseTo(countLove(t) - meanLine(t) / 10, 12);
      // The same rules written by hand score the same.
      expect(scoreText(parseTextRule('expr:count("love") - meanLineLength / 10'), t)).toBe(scoreText(parseTextRule('mix:love'), t));
    }
  });

  it('takes the reader\'s own rule as expr:<rule>, names it, rates by it and shows it with a glossary', () => {
    const rule = parseTextRule('expr:words("thee","thou") + rhymes');
    expect(textRuleName(rule)).toBe('expr:words("thee","thou") + rhymes');
    expect(rateByRule(rule, 'I thank thee', 'I thank you')).toBe('a');
    expect(rateByRule(rule, 'so', 'no')).toBe('tie');
    expect(ruleAsCode(rule)).toBe([
      'score(text) = words("thee","thou") + rhymes',
      'rate(a, b)  = score(a) > score(b) ? "a" : score(b) > score(a) ? "b" : "tie"',
      '// words("…") = times any of these whole words appears, any case',
      '// rhymes = neighbouring lines whose last words differ but end in the same two letters',
    ].join('\n'));
    expect(() => parseTextRule('expr:rhymes +')).toThrow(/At character 9: expected a number/); // counted in the rule as typed
  });
});
