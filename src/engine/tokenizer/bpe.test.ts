import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { BpeTokenizer } from './bpe';
import { trainBpe } from './bpeTrain';
import { preSplit } from './pretokenize';
import { LoneSurrogateError } from './utf8';

const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');

const samples: Record<string, string> = {
  empty: '',
  whitespace: '   \n\t  ',
  zwjFamily: '👩‍👩‍👧‍👦',
  arabic: 'مرحبا بالعالم، كيف حالك؟',
  hebrew: 'שָׁלוֹם עוֹלָם',
  combining: 'e\u0301 Z̤͔ͧ̑̓ä͖̭̈̇',
  cjk: '你好，世界。日本語のテキスト、한국어 텍스트',
  mixed: 'Hello мир 世界 🌍! x² = ½ — “quoted” \u00A0nbsp\r\nend',
};

// A small multilingual corpus, so some merges join multi-byte pieces, not only ASCII.
const multilingual = `${shakespeare.slice(0, 30_000)}\n${Object.values(samples).join('\n').repeat(40)}`;
const shakespeareTok = trainBpe(shakespeare.slice(0, 100_000), { vocabSize: 600, specialTokens: ['<|endoftext|>'] });
const multiTok = trainBpe(multilingual, { vocabSize: 700 });

/** Deterministic pseudo-random text over all planes (no surrogate halves), with spaces and newlines mixed in. */
function randomText(length: number, seed: number): string {
  let s = seed >>> 0;
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pools = ['the quick brown fox ', ' \n\t', 'éüßçñ', 'אבגדמרحبا', '日本語中文한국', '😀👍🏽‍♀️'];
  let out = '';
  while (out.length < length) {
    const r = rand();
    if (r < 0.05) {
      let cp = Math.floor(rand() * 0x110000);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41;
      out += String.fromCodePoint(cp);
    } else {
      const pool = [...(pools[Math.floor(rand() * pools.length)] as string)];
      out += pool[Math.floor(rand() * pool.length)];
    }
  }
  return out;
}

/** Reference encoder: apply every merge in rank order to the whole chunk, the way training rewrote it. */
function encodeBySequentialMerges(tok: BpeTokenizer, text: string): number[] {
  const out: number[] = [];
  for (const chunk of preSplit(text)) {
    let ids = [...new TextEncoder().encode(chunk)];
    tok.merges.forEach(([a, b], rank) => {
      const next: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === a && ids[i + 1] === b) { next.push(256 + rank); i++; } else next.push(ids[i] as number);
      }
      ids = next;
    });
    out.push(...ids);
  }
  return out;
}

describe('BpeTokenizer round-trips', () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`encode → decode is the identity on ${name}`, () => {
      for (const tok of [shakespeareTok, multiTok]) expect(tok.decode(tok.encode(text))).toBe(text);
    });
  }

  it('uses learned multi-byte merges on non-Latin text', () => {
    const ids = multiTok.encode(samples.arabic as string);
    expect(ids.length).toBeLessThan(new TextEncoder().encode(samples.arabic).length / 2);
  });

  it('round-trips 200 KB of random text over all planes', () => {
    const text = randomText(200_000, 7);
    expect(text.length).toBeGreaterThanOrEqual(200_000);
    expect(multiTok.decode(multiTok.encode(text))).toBe(text);
  });

  it('merges by rank exactly as sequential application of the merges would', () => {
    const text = randomText(20_000, 11) + shakespeare.slice(200_000, 220_000);
    expect(multiTok.encode(text)).toEqual(encodeBySequentialMerges(multiTok, text));
    expect(shakespeareTok.encode('aaaa bbbbb')).toEqual(encodeBySequentialMerges(shakespeareTok, 'aaaa bbbbb'));
  });

  it('handles one huge chunk (unspaced CJK) in near-linear time', () => {
    const cjk = '日本語中文字'.repeat(20_000); // one 120k-character chunk, 360 KB of UTF-8
    const tok = trainBpe(cjk.slice(0, 3000), { vocabSize: 300 });
    const ids = tok.encode(cjk);
    expect(ids.length).toBeLessThan(cjk.length);
    expect(tok.decode(ids)).toBe(cjk);
  });

  it('reports a lone surrogate with its offset instead of turning it into U+FFFD', () => {
    const tok = multiTok;
    expect(() => tok.encode('a\uD800b')).toThrow(LoneSurrogateError);
    expect(() => tok.encode('ab\uDC00')).toThrow(/U\+DC00 at UTF-16 offset 2/);
    expect(() => tok.encodeOrdinary('\uDE00\uD83D')).toThrow(/offset 0/); // reversed pair: two lone halves
    expect(tok.decode(tok.encode('\uD83D\uDE00'))).toBe('😀'); // a proper pair is one code point
  });

  it('keeps a leading U+FEFF (byte-order mark) through the round trip', () => {
    for (const tok of [multiTok, shakespeareTok]) {
      for (const text of ['\uFEFF', '\uFEFFhello', '\uFEFF\uFEFFx', 'mid\uFEFFdle']) expect(tok.decode(tok.encode(text))).toBe(text);
    }
  });
});

describe('BpeTokenizer', () => {
  it('encodes any string from the 256 byte tokens alone', () => {
    const tok = BpeTokenizer.fromMerges([]);
    expect(tok.vocabSize).toBe(256);
    expect(tok.encode('é😀')).toEqual([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
    expect(tok.encode('')).toEqual([]);
  });

  it('matches special tokens literally and decodes them back', () => {
    const tok = shakespeareTok;
    const eot = tok.specialTokenId('<|endoftext|>') as number;
    expect(eot).toBe(599);
    const ids = tok.encode('To be<|endoftext|>or not');
    expect(ids.filter((id) => id === eot)).toHaveLength(1);
    expect(tok.decode(ids)).toBe('To be<|endoftext|>or not');
    expect(tok.encodeOrdinary('<|endoftext|>')).not.toContain(eot);
    expect(tok.decode(tok.encodeOrdinary('<|endoftext|>'))).toBe('<|endoftext|>');
  });

  it('decodes invalid UTF-8 to U+FFFD and rejects out-of-range ids', () => {
    const tok = BpeTokenizer.fromMerges([]);
    expect(tok.decode([0x61, 0xe2, 0x82, 0x62])).toBe('a\uFFFDb'); // a truncated 3-byte sequence
    expect(tok.decode([0xff])).toBe('\uFFFD');
    expect(() => tok.decode([97, 256])).toThrow(/Token id 256 at position 1 is outside \[0, 256\)/);
    expect(() => tok.decode([-1])).toThrow(RangeError);
  });

  it('gives token bytes and readable labels', () => {
    const tok = BpeTokenizer.fromMerges([[32, 116], [256, 104], [0xe2, 0x80]], ['<|endoftext|>']);
    expect(tok.encode(' th')).toEqual([257]);
    expect([...tok.tokenBytes(257)]).toEqual([32, 116, 104]);
    expect(tok.tokenToDisplay(257)).toBe('␣th');
    expect(tok.tokenToDisplay(258)).toBe('\\xE2\\x80'); // first two bytes of "—": not UTF-8 on their own
    expect(tok.tokenToDisplay(10)).toBe('\\n');
    expect(tok.tokenToDisplay(259)).toBe('<|endoftext|>');
    tok.tokenBytes(257)[0] = 0; // a copy: the tokenizer is unchanged
    expect(tok.decode([257])).toBe(' th');
  });

  it('rejects merges that refer to ids not yet defined or repeat a pair', () => {
    expect(() => BpeTokenizer.fromMerges([[256, 97]])).toThrow(/merges\[0\].*outside \[0, 256\)/);
    expect(() => BpeTokenizer.fromMerges([[97, 98], [97, 98]])).toThrow(/merges\[1\]" repeats the pair \[97,98\]/);
    expect(() => BpeTokenizer.fromMerges([[97, 98, 99]])).toThrow(/merges\[0\].*\[left, right\] pair/);
  });
});
