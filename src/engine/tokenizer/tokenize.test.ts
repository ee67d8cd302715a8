// tokenize() with every kind of tokenizer: byte offsets cover the UTF-8 exactly, character offsets give the text back
// through text.slice, partial tokens (a character cut between tokens) are marked with the whole character's range,
// special tokens are counted both ways, and what cannot be encoded is reported with its offset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encode as o200kReference } from 'gpt-tokenizer/encoding/o200k_base';
import { trainBpe } from './bpeTrain';
import { CharTokenizer } from './char';
import { loadRankedBpe } from './encodings';
import { paragraphs } from './testing/paragraphs';
import { tokenAt, tokenize, type AnyTokenizer, type Tokenization, type TokenSpan } from './tokenize';
import { LoneSurrogateError } from './utf8';
import { WordTokenizer } from './word';

const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');

/** Texts where characters, code points, UTF-16 units and UTF-8 bytes all disagree. */
const hardCases = {
  zwjFamily: '👩‍👩‍👧‍👦 and 👍🏽, 🇫🇷',
  cjk: '你好，世界。日本語のテキスト、한국어 텍스트',
  arabicShort: 'مرحبا بالعالم، كيف حالك؟ ١٢٣',
  combining: 'e\u0301 Z̴̡̛a̷̡l̵g̶o̸ न्दी',
  russianPangram: 'Съешь же ещё этих мягких французских булок, да выпей чаю.',
  code: 'const f = (x: number) => x ** 2; // “quoted”\n\tif (a) { return `${b}`; }\r\n',
  bom: '\uFEFFstarts with a byte-order mark',
  astralMath: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 and \u00A0nbsp',
  ...paragraphs,
};
const corpus = Object.values(hardCases).join('\n');

const spans = (t: Tokenization): TokenSpan[] => Array.from(t.ids, (_, k) => tokenAt(t, k));

/** Joins the text back from the character ranges: partial tokens share a character, which is taken once. */
function textFromChars(text: string, t: Tokenization): string {
  let out = '';
  let covered = 0;
  for (const { chars: [start, end] } of spans(t)) {
    out += text.slice(Math.max(start, covered), end);
    covered = Math.max(covered, end);
  }
  return out;
}

function expectOffsetsRoundTrip(name: string, text: string, t: Tokenization): void {
  const utf8 = new TextEncoder().encode(text);
  expect(t.byteOffsets.length, name).toBe(t.ids.length + 1);
  let byte = 0;
  let char = 0;
  for (const token of spans(t)) {
    expect(token.bytes[0], `${name}: bytes follow each other`).toBe(byte);
    byte = token.bytes[1];
    if (!token.partial) {
      expect(token.chars[0], `${name}: a whole token starts where the last character ended`).toBe(char);
      expect(new TextEncoder().encode(text.slice(...token.chars)), `${name}: its bytes are its characters'`).toEqual(utf8.subarray(...token.bytes));
    }
    char = token.chars[1];
  }
  expect(byte, name).toBe(utf8.length);
  expect(textFromChars(text, t), name).toBe(text);
}

describe('tokenize', async () => {
  const tokenizers: Record<string, AnyTokenizer> = {
    char: CharTokenizer.fromText(corpus),
    word: WordTokenizer.fromText(shakespeare, { maxWords: 5000 }),
    bpe: trainBpe(`${shakespeare.slice(0, 20_000)}\n${corpus}`, { vocabSize: 400, specialTokens: ['<|endoftext|>'] }),
    gpt2: await loadRankedBpe('r50k_base'),
    gpt4o: await loadRankedBpe('o200k_base'),
  };

  it.each(Object.keys(tokenizers))('%s: offsets give back every hard case, byte for byte and through text.slice', (name) => {
    for (const [label, text] of [...Object.entries(hardCases), ['all', corpus], ['empty', '']]) {
      expectOffsetsRoundTrip(`${name} ${label}`, text, tokenize(tokenizers[name], text));
    }
  });

  it('gives whole tokens text.slice ranges that join to the text, with no partial token to merge', () => {
    const text = hardCases.russianPangram;
    const t = tokenize(tokenizers.gpt4o, text);
    expect(spans(t).some((tok) => tok.partial)).toBe(false);
    expect(spans(t).map((tok) => text.slice(...tok.chars)).join('')).toBe(text);
  });

  it('marks a token that holds part of a character, with the whole character as its range', () => {
    const text = 'Hi 👍!';
    const t = tokenize(tokenizers.gpt2, text);
    const thumb = spans(t).filter((tok) => tok.partial);
    expect(thumb.length).toBeGreaterThan(1); // GPT-2 has no token for 👍: its 4 bytes are cut up
    for (const tok of thumb) expect(text.slice(...tok.chars)).toContain('👍');
    expect(thumb.map((tok) => tok.label).join('')).toMatch(/\\x/);
    expect(spans(t)[0]).toEqual({ id: 17250, label: 'Hi', bytes: [0, 2], chars: [0, 2], partial: false, special: false, unknown: false });
    const example = tokenize(tokenizers.gpt2, 'Hi 👍'); // the example in tokenize's comment
    expect([...example.charStarts, ...example.charEnds]).toEqual([0, 2, 3, 2, 5, 5]);
  });

  it('marks the unknown tokens of a word-level vocabulary', () => {
    const t = tokenize(tokenizers.word, 'the king spoke quantumly');
    expect(spans(t).map((tok) => tok.unknown)).toEqual([false, false, false, true]);
    expect(spans(t)[3].chars).toEqual([14, 24]);
  });

  it('reads special tokens as special only when allowed, and counts the text both ways', async () => {
    const text = 'Hi<|im_end|> then <|endoftext|>';
    const asText = tokenize(tokenizers.gpt4o, text);
    const asSpecial = tokenize(tokenizers.gpt4o, text, { allowSpecial: true });
    expect(spans(asText).some((tok) => tok.special)).toBe(false);
    expect(spans(asSpecial).filter((tok) => tok.special).map((tok) => [tok.id, text.slice(...tok.chars)])).toEqual([
      [200_004, '<|im_end|>'], [199_999, '<|endoftext|>'],
    ]);
    expect(asText.counts).toEqual(asSpecial.counts);
    expect(asText.counts.specialAsText).toBe(spans(asText).length);
    expect(asText.counts.specialAsText).toBe(o200kReference(text, { allowedSpecial: new Set(), disallowedSpecial: new Set() }).length);
    expect(asSpecial.counts.specialAsTokens).toBe(spans(asSpecial).length);
    expect(spans(asSpecial).length).toBeLessThan(spans(asText).length);
    expectOffsetsRoundTrip('specials', text, asSpecial);
    const ours = tokenize(tokenizers.bpe, text, { allowSpecial: true });
    expect(spans(ours).filter((tok) => tok.special).map((tok) => text.slice(...tok.chars))).toEqual(['<|endoftext|>']);
  });

  it('reports a lone surrogate with its offset for byte-level tokenizers, and keeps it for char ones', () => {
    for (const name of ['bpe', 'gpt2', 'gpt4o']) {
      expect(() => tokenize(tokenizers[name], 'abc\uD83D')).toThrow(LoneSurrogateError);
      expect(() => tokenize(tokenizers[name], 'abc\uD83D')).toThrow(/offset 3/);
    }
    const char = CharTokenizer.fromText('a\uDC00');
    expect(spans(tokenize(char, 'a\uDC00')).map((tok) => tok.chars)).toEqual([[0, 1], [1, 2]]);
  });
});
