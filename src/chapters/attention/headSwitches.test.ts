import { describe, expect, it } from 'vitest';
import { countOff, formatSwitches, parseSwitches } from './headSwitches';

describe('head switches in the URL', () => {
  it('reads layer.head and layer.*, and writes the same form back', () => {
    const { mask, problems } = parseSwitches(' 1.2, 3.* ,2.1', 3, 2);
    expect(problems).toEqual([]);
    expect(mask).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(countOff(mask)).toBe(4);
    expect(formatSwitches(mask)).toBe('1.2, 2.1, 3.*');
    expect(parseSwitches(formatSwitches(mask), 3, 2).mask).toEqual(mask);
  });

  it('leaves out what does not fit this model and says why', () => {
    const { mask, problems } = parseSwitches('0.1, 1.3, 4.1, x', 3, 2);
    expect(mask.flat().every((x) => x === 1)).toBe(true);
    expect(problems).toEqual([
      'there is no layer 0: the model has 3',
      'there is no head 3: each layer has 2',
      'there is no layer 4: the model has 3',
      '“x” is not layer.head (like 1.2) or layer.* (like 2.*)',
    ]);
  });

  it('a one-head layer switched off is written as its head, not as a whole layer', () => {
    expect(formatSwitches([[0]])).toBe('1.1');
  });
});
