// GPT-2's and GPT-4o's tokenizers, built from the rank tables the site ships (public/tokenizers/), give the same ids
// as the reference library (gpt-tokenizer) on Shakespeare, code, paragraphs in six scripts and every kind of Unicode
// the book promises to handle, with special tokens read both ways, and decode back — a leading U+FEFF included.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encode as gpt2Reference } from 'gpt-tokenizer/encoding/r50k_base';
import { encode as o200kReference } from 'gpt-tokenizer/encoding/o200k_base';
import { loadRankedBpe, RANKED_ENCODINGS } from './encodings';
import { RankedBpe } from './ranked';
import { paragraphs } from './testing/paragraphs';
import { splitOnSpecials } from './pretokenize';
import { LoneSurrogateError } from './utf8';

const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');

const samples = [
  '', ' ', '   \n\n\t  ', 'Hello world', 'HelloWorld and camelCaseNames', "I'LL, you'RE, they've, it's",
  'Numbers: 1234567890 3.14159 1,000,000 and ٣٤٥ (Arabic-Indic)', 'const f = (x) => x ** 2; // code\n\tif (a) {\n}',
  'Emoji: 👍🏽 👩‍👩‍👧‍👦 🇫🇷 and text', 'CJK: 你好，世界。日本語のテキスト、한국어 텍스트', 'RTL: שלום עולם مرحبا بالعالم',
  'Combining: é (e + U+0301), Zalgo: Z̴̡̛a̷̡l̵g̶o̸', 'URLs https://example.com/a/b?c=d and paths /usr/lib/',
  'trailing spaces   ', 'mixed\r\nline\rendings\n',
];

/**
 * gpt-tokenizer 4.0.0 keys its ranks by decoded strings, and its TextDecoder drops a leading U+FEFF, so it never finds
 * GPT-4o's token for U+FEFF (5574) and splits the character in two. Texts with U+FEFF are checked against a plain
 * rank-by-rank merge instead (below), which is BPE's definition.
 */
const withBom = ['\uFEFFa byte-order mark first', 'and \uFEFF inside', '\uFEFF', '\uFEFF\uFEFF\n'];

const chat = '<|im_start|>user\nHi<|im_end|><|im_start|>assistant\nHello!<|im_end|><|endoftext|><|endofprompt|>';

/**
 * gpt-tokenizer 4.0.0 finds an allowed special token only at the start of the text or right after another one (its
 * search regex is sticky), so "Hi<|im_end|>" comes out as plain text there. The reference for a text with special
 * tokens is therefore built piece by piece: each special token on its own, the text between them as plain text.
 */
function bySpecialPieces(text: string, specials: readonly string[], reference: (text: string, allowed: boolean) => number[]): number[] {
  return splitOnSpecials(text, specials).flatMap(({ piece, isSpecial }) => reference(piece, isSpecial));
}

/** BPE by its definition, slowly: merge the adjacent pair with the lowest rank, leftmost first, until none is a token. */
function naiveMerge(piece: Uint8Array, rankOf: Map<string, number>): number[] {
  let parts = Array.from(piece, (b) => String.fromCharCode(b));
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = rankOf.get(parts[i] + parts[i + 1]) ?? Infinity;
      if (rank < bestRank) [best, bestRank] = [i, rank];
    }
    if (best < 0) return parts.map((p) => rankOf.get(p) as number);
    parts = [...parts.slice(0, best), parts[best] + parts[best + 1], ...parts.slice(best + 2)];
  }
}

/** Text that never matches the split pattern's word boundaries: one piece of `length` lower-case letters. */
function unbrokenLetters(length: number): string {
  let s = 1;
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(97 + ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % 26));
  return out;
}

/** SHA-256 of the ids as little-endian u32, hex. */
async function digest(ids: number[]): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', Uint32Array.from(ids));
  return Buffer.from(hash).toString('hex');
}

describe.each([
  ['r50k_base', gpt2Reference, '<|endoftext|> and a<|endoftext|>b<|endoftext|>', '643d2c22c7bef03a559d046845f72b8f016273f8668d8a869b9849bd94049c69'],
  ['o200k_base', o200kReference, chat, 'f98e36d27073300c7cd73cf5688025fcd2ead08d7dd4c28f4c15711876371034'],
] as const)('%s from the shipped rank table', (name, reference, specialText, longDigest) => {
  const plain = (text: string) => reference(text, { allowedSpecial: new Set(), disallowedSpecial: new Set() });
  const special = (text: string) => reference(text, { allowedSpecial: 'all' });

  it('encodes every sample as the reference library does, and decodes back', async () => {
    const tokenizer = await loadRankedBpe(name);
    for (const text of [...samples, ...Object.values(paragraphs)]) {
      const ids = tokenizer.encode(text);
      expect(ids, JSON.stringify(text)).toEqual(plain(text));
      expect(tokenizer.decode(ids)).toBe(text);
    }
  });

  it('encodes 40,000 characters of Shakespeare as the reference library does', async () => {
    const text = shakespeare.slice(0, 40_000);
    expect((await loadRankedBpe(name)).encode(text)).toEqual(plain(text));
  });

  it('reads special tokens as special ids only when allowed, as the reference does both ways', async () => {
    const tokenizer = await loadRankedBpe(name);
    const allowed = tokenizer.encode(specialText, { allowSpecial: true });
    expect(allowed).toEqual(bySpecialPieces(specialText, tokenizer.specialTokens, (t, isSpecial) => (isSpecial ? special(t) : plain(t))));
    expect(tokenizer.encode('<|endoftext|>', { allowSpecial: true })).toEqual(special('<|endoftext|>'));
    expect(allowed).toContain(RANKED_ENCODINGS[name].specials['<|endoftext|>']);
    expect(tokenizer.encode(specialText)).toEqual(plain(specialText));
    expect(tokenizer.encode(specialText).length).toBeGreaterThan(allowed.length);
    expect(tokenizer.decode(allowed)).toBe(specialText);
  });

  it('keeps U+FEFF through a round trip, merged by rank as BPE defines it', async () => {
    const tokenizer = await loadRankedBpe(name);
    const rankOf = new Map<string, number>();
    for (let id = 0; id < tokenizer.vocabSize; id++) {
      if (tokenizer.specialTokens.some((s) => tokenizer.specialTokenId(s) === id) || (name === 'o200k_base' && id === 199_998)) continue;
      rankOf.set(String.fromCharCode(...tokenizer.tokenBytes(id)), id);
    }
    const split = new RegExp(RANKED_ENCODINGS[name].split, 'gu');
    for (const text of withBom) {
      const ids = tokenizer.encode(text);
      const naive = [...text.matchAll(split)].flatMap(([piece]) => naiveMerge(new TextEncoder().encode(piece), rankOf));
      expect(ids, JSON.stringify(text)).toEqual(naive);
      expect(tokenizer.decode(ids)).toBe(text);
    }
  });

  it('merges a long unbroken piece as the reference does', async () => {
    const tokenizer = await loadRankedBpe(name);
    const text = unbrokenLetters(20_000); // the reference rescans after every merge: ~1 s at this length
    expect(tokenizer.encode(text)).toEqual(plain(text));
  });

  it('merges 128 k letters without a space (one piece) to the ids the reference gives', async () => {
    // The reference rescans every pair after each merge: 40 s (r50k) and 24 s (o200k) here on 2026-12-01. So its ids
    // are kept as a digest, made once from gpt-tokenizer 4.0.0's encode(unbrokenLetters(128_000)) (no special tokens)
    // hashed as digest() does.
    const text = unbrokenLetters(128_000);
    const ids = (await loadRankedBpe(name)).encode(text);
    expect((await loadRankedBpe(name)).decode(ids)).toBe(text);
    expect(await digest(ids)).toBe(longDigest);
  });

  it('reports a lone surrogate with its offset instead of changing it', async () => {
    const tokenizer = await loadRankedBpe(name);
    expect(() => tokenizer.encode('ok \uD83D then')).toThrow(LoneSurrogateError);
    expect(() => tokenizer.encode('ok \uDE00')).toThrow(/U\+DE00 at UTF-16 offset 3/);
    expect(tokenizer.decode(tokenizer.encode('\uD83D\uDE00'))).toBe('😀'); // a proper pair is one character
  });

  it('labels tokens readably, including byte pieces that are not UTF-8 on their own', async () => {
    const tokenizer = await loadRankedBpe(name);
    const ids = tokenizer.encode(' world 👍');
    expect(ids.map((id) => tokenizer.tokenToDisplay(id)).join('')).toContain('␣world');
    expect(() => tokenizer.tokenBytes(tokenizer.vocabSize)).toThrow(RangeError);
  });
});

it('builds the same tokenizer from the tiktoken file as from the shipped table', async () => {
  const tiktoken = readFileSync(createRequire(import.meta.url).resolve('gpt-tokenizer/data/r50k_base.tiktoken'), 'utf8');
  const { split, specials } = RANKED_ENCODINGS.r50k_base;
  const fromTiktoken = RankedBpe.fromTiktoken('GPT-2', tiktoken, split, specials);
  const shipped = await loadRankedBpe('r50k_base');
  expect(shipped.vocabSize).toBe(fromTiktoken.vocabSize);
  for (const id of [0, 255, 256, 1000, 50255, 50256]) expect(shipped.tokenBytes(id)).toEqual(fromTiktoken.tokenBytes(id));
});

it('refuses a table that is not a tiktoken file', () => {
  expect(() => RankedBpe.fromTiktoken('broken', 'not a table', '.')).toThrow(/not "base64 0"/);
  expect(() => RankedBpe.fromTiktoken('empty', '\n', '.')).toThrow(/no tokens/);
  expect(() => RankedBpe.fromTiktoken('short', 'IQ== 0', '.')).toThrow(/the byte 0 has no token/);
});
