import { describe, it, expect } from 'vitest';
import { bytesToDisplay, stringToDisplay, utf8SequenceLength } from './display';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('display', () => {
  it('shows spaces, controls and invisible format characters so a label never looks empty', () => {
    expect(stringToDisplay(' a\tb\n\\')).toBe('␣a\\tb\\n\\\\');
    expect(stringToDisplay('\u200D\u00A0\u0000')).toBe('\\u{200D}\\u{00A0}\\u{0000}');
    expect(stringToDisplay('\u0301')).toBe('◌\u0301');
    expect(bytesToDisplay(bytes(0xef, 0xbb, 0xbf))).toBe('\\u{FEFF}'); // a byte-order mark is a token, not nothing
  });

  it('decodes valid UTF-8 and escapes each byte that does not start a valid sequence', () => {
    expect(bytesToDisplay(new TextEncoder().encode(' 世界😀'))).toBe('␣世界😀');
    expect(bytesToDisplay(bytes(0xe4, 0xb8))).toBe('\\xE4\\xB8'); // truncated
    expect(bytesToDisplay(bytes(0xb8, 0x96, 0x61))).toBe('\\xB8\\x96a'); // stray continuation bytes
    expect(bytesToDisplay(bytes(0xc0, 0xaf))).toBe('\\xC0\\xAF'); // overlong "/"
    expect(bytesToDisplay(bytes(0xed, 0xa0, 0x80))).toBe('\\xED\\xA0\\x80'); // an encoded surrogate
    expect(bytesToDisplay(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\\xF4\\x90\\x80\\x80'); // past U+10FFFF
  });

  it('agrees with a fatal TextDecoder on which 2-byte sequences are well formed', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (let a = 0xc0; a < 0x100; a++) for (let b = 0x70; b < 0xd0; b += 7) {
      let ok = true;
      try { fatal.decode(bytes(a, b)); } catch { ok = false; }
      expect(utf8SequenceLength(bytes(a, b), 0) === 2, `${a.toString(16)} ${b.toString(16)}`).toBe(ok);
    }
  });
});
