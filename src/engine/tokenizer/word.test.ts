import { tokenizerFromJSON } from './fromJSON';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNK, WordTokenizer } from './word';

describe('WordTokenizer', () => {
  it('keeps the most frequent words, sends the rest to <unk>, and decodes known words back', () => {
    const t = WordTokenizer.fromText('the cat and the hat and the bat', { maxWords: 3 });
    expect(t.vocabSize).toBe(4);
    // Kept: " and" and " the" (twice each), then "the" (first seen); " cat", with its space, is not.
    expect(t.encode('the cat')).toEqual([2, 3]);
    expect(t.decode(t.encode('the and the'))).toBe('the and the');
    expect(t.decode(t.encode('the dog'))).toBe(`the${UNK}`);
    expect(t.tokenToDisplay(t.unkId)).toBe(UNK);
    expect(t.tokenToDisplay(t.encode(' and')[0])).toBe('␣and');
    expect(() => t.decode([7])).toThrow(RangeError);
  });

  it('handles empty text, minCount and any Unicode', () => {
    const t = WordTokenizer.fromText('a a a 👍🏽 👍🏽 日本語', { minCount: 2 }); // keeps " a" and " 👍🏽" only
    expect(t.encode('')).toEqual([]);
    expect(t.coverage('')).toBe(1);
    expect(t.decode(t.encode(' a 👍🏽'))).toBe(' a 👍🏽');
    expect(t.vocabSize).toBe(3);
    expect(t.encode(' 日本語')).toEqual([t.unkId]);
  });

  it('on Shakespeare: a 5,000-word vocabulary still misses words a character or BPE vocabulary never misses', () => {
    const text = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');
    const cut = Math.floor(text.length * 0.9);
    const t = WordTokenizer.fromText(text.slice(0, cut), { maxWords: 5000 });
    const coverage = t.coverage(text.slice(cut));
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.995);
  });

  it('saves its vocabulary as JSON and reads it back, refusing a broken one with the field named', () => {
    const words = WordTokenizer.fromText('the cat and the hat and the bat', { maxWords: 3 });
    const again = tokenizerFromJSON(JSON.parse(JSON.stringify(words.toJSON())));
    expect(again.kind).toBe('word');
    expect(again.encode(' the cat sat')).toEqual(words.encode(' the cat sat'));
    expect(() => tokenizerFromJSON({ ...words.toJSON(), words: ['a', 'a'] })).toThrow('"words[1]" repeats "a"');
    expect(() => tokenizerFromJSON({ ...words.toJSON(), words: [3] })).toThrow('"words[0]" must be a string');
  });
});
