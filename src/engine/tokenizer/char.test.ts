import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { CharTokenizer } from './char';

const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');

describe('CharTokenizer', () => {
  it('finds the 65 symbols of Tiny Shakespeare, in code point order, as nanoGPT does', () => {
    const tok = CharTokenizer.fromText(shakespeare);
    expect(tok.vocabSize).toBe(65);
    expect(tok.decode([0, 1, 2, 64])).toBe('\n !z');
    const ids = tok.encode(shakespeare.slice(0, 2000));
    expect(tok.decode(ids)).toBe(shakespeare.slice(0, 2000));
  });

  it('works by code point: an emoji is one symbol and astral characters sort after the BMP', () => {
    const tok = CharTokenizer.fromText('b😀a\uFFFD');
    expect(tok.vocabSize).toBe(4);
    expect(tok.encode('😀')).toEqual([3]); // U+1F600 sorts after U+FFFD (UTF-16 order would put it first)
    expect(tok.decode(tok.encode('ab😀\uFFFD'))).toBe('ab😀\uFFFD');
  });

  it('names the unknown character and its position', () => {
    const tok = CharTokenizer.fromText('abc ');
    expect(() => tok.encode('ab cé')).toThrow(
      /Unknown character "é" \(U\+00E9\) at position 4 \(UTF-16 offset 4\).*4 symbols/,
    );
    // Code point position and UTF-16 offset differ after an astral character; a space shows as ␣.
    const emoji = CharTokenizer.fromText('a😀');
    expect(() => emoji.encode('😀a b')).toThrow(/"␣" \(U\+0020\) at position 2 \(UTF-16 offset 3\)/);
  });

  it('maps unknown characters to the unk token when built with one', () => {
    const tok = CharTokenizer.fromText('abc', { unk: '<unk>' });
    expect(tok.vocabSize).toBe(4);
    expect(tok.unkId).toBe(3);
    expect(tok.encode('axb')).toEqual([0, 3, 1]);
    expect(tok.decode(tok.encode('axb'))).toBe('a<unk>b');
  });

  it('keeps a lone surrogate it has seen (no UTF-8 step, so nothing is lost) and rejects one it has not', () => {
    const tok = CharTokenizer.fromText('a\uD800');
    expect(tok.decode(tok.encode('\uD800a'))).toBe('\uD800a');
    expect(() => CharTokenizer.fromText('a').encode('\uDC00')).toThrow(/\\u\{DC00\}.*U\+DC00/);
  });

  it('rejects out-of-range ids on decode', () => {
    const tok = CharTokenizer.fromText('ab');
    expect(() => tok.decode([0, 2])).toThrow(/Token id 2 at position 1 is outside \[0, 2\)/);
    expect(() => tok.decode([0.5])).toThrow(RangeError);
  });

  it('displays tokens readably', () => {
    const tok = CharTokenizer.fromText(' \n\u0301x');
    expect([0, 1, 2, 3].map((id) => tok.tokenToDisplay(id))).toEqual(['\\n', '␣', 'x', '◌\u0301']);
  });

  it('rejects symbol lists that are not unique single code points', () => {
    expect(() => CharTokenizer.fromSymbols(['a', 'bc'])).toThrow(/symbols\[1\].*exactly one code point/);
    expect(() => CharTokenizer.fromSymbols(['a', 'a'])).toThrow(/symbols\[1\].*appears twice/);
  });
});
