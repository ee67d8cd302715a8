import { describe, it, expect } from 'vitest';
import { preSplit, splitOnSpecials } from './pretokenize';

describe('preSplit', () => {
  it('splits like GPT-2: words keep one leading space, contractions and punctuation runs apart', () => {
    expect(preSplit("Hello, world! It's 2024...")).toEqual(['Hello', ',', ' world', '!', ' It', "'s", ' 2024', '...']);
    expect(preSplit("we'll they've I'm you'd")).toEqual(['we', "'ll", ' they', "'ve", ' I', "'m", ' you', "'d"]);
  });

  it('leaves the last space of a run for the next word, and keeps trailing whitespace whole', () => {
    expect(preSplit('a   b')).toEqual(['a', '  ', ' b']);
    expect(preSplit('a\n\n  b  ')).toEqual(['a', '\n\n ', ' b', '  ']);
    expect(preSplit('   \n\t  ')).toEqual(['   \n\t  ']);
  });

  it('keeps combining marks with their letter (the one deliberate change from GPT-2)', () => {
    expect(preSplit('cafe\u0301 Z̤͔ͧ̑̓ä͖̭̈̇')).toEqual(['cafe\u0301', ' Z̤͔ͧ̑̓ä͖̭̈̇']);
    expect(preSplit('नमस्ते दुनिया')).toEqual(['नमस्ते', ' दुनिया']);
  });

  it('covers every input exactly, including emoji, RTL, CJK and lone surrogates', () => {
    const samples = ['', '👩‍👩‍👧‍👦 family', 'مرحبا بالعالم', 'שלום עולם', '你好，世界', 'x\uD800y\uDC00', '\u00A0\u3000 a'];
    for (const s of samples) expect(preSplit(s).join('')).toBe(s);
    expect(preSplit('你好，世界')).toEqual(['你好', '，', '世界']);
  });
});

describe('splitOnSpecials', () => {
  it('cuts special tokens out literally, longest first', () => {
    const pieces = splitOnSpecials('a<|end|>b<|endoftext|>', ['<|end|>', '<|endoftext|>', '<|end']);
    expect(pieces).toEqual([
      { piece: 'a', isSpecial: false },
      { piece: '<|end|>', isSpecial: true },
      { piece: 'b', isSpecial: false },
      { piece: '<|endoftext|>', isSpecial: true },
    ]);
    expect(splitOnSpecials('a.b(c)', ['.', '(c)'])).toHaveLength(4); // regex syntax is escaped
  });
});
