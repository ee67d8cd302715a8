// GPT-2's and GPT-4o's tokenizers rebuilt from their rank tables give the same ids as the reference library
// (gpt-tokenizer) on Shakespeare, code and every kind of Unicode the book promises to handle, and decode back.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encode as gpt2Reference } from 'gpt-tokenizer/encoding/r50k_base';
import { encode as o200kReference } from 'gpt-tokenizer/encoding/o200k_base';
import { GPT2_SPLIT_SOURCE, O200K_SPLIT_SOURCE, RankedBpe } from './ranked';

const resolve = createRequire(import.meta.url).resolve;
const table = (name: string) => readFileSync(resolve(`gpt-tokenizer/data/${name}.tiktoken`), 'utf8');
const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');

const samples = [
  '', ' ', '   \n\n\t  ', 'Hello world', 'HelloWorld and camelCaseNames', "I'LL, you'RE, they've, it's",
  'Numbers: 1234567890 3.14159 1,000,000 and ٣٤٥ (Arabic-Indic)', 'const f = (x) => x ** 2; // code\n\tif (a) {\n}',
  'Emoji: 👍🏽 👩‍👩‍👧‍👦 🇫🇷 and text', 'CJK: 你好，世界。日本語のテキスト、한국어 텍스트', 'RTL: שלום עולם مرحبا بالعالم',
  'Combining: é (e + U+0301), Zalgo: Z̴̡̛a̷̡l̵g̶o̸', 'URLs https://example.com/a/b?c=d and paths /usr/lib/',
  'trailing spaces   ', 'mixed\r\nline\rendings\n', '<|endoftext|> is ordinary text here',
];

describe.each([
  ['GPT-2 (r50k_base)', 'r50k_base', GPT2_SPLIT_SOURCE, gpt2Reference],
  ['GPT-4o (o200k_base)', 'o200k_base', O200K_SPLIT_SOURCE, o200kReference],
] as const)('%s from its rank table', (name, file, split, reference) => {
  const tokenizer = RankedBpe.fromTiktoken(name, table(file), split);
  const referenceIds = (text: string) => reference(text, { allowedSpecial: new Set(), disallowedSpecial: new Set() });

  it('encodes every sample as the reference library does, and decodes back', () => {
    for (const text of samples) {
      const ids = tokenizer.encode(text);
      expect(ids, JSON.stringify(text)).toEqual(referenceIds(text));
      expect(tokenizer.decode(ids)).toBe(text);
    }
  });

  it('encodes 40,000 characters of Shakespeare as the reference library does', () => {
    const text = shakespeare.slice(0, 40_000);
    expect(tokenizer.encode(text)).toEqual(referenceIds(text));
  });

  it('labels tokens readably, including byte pieces that are not UTF-8 on their own', () => {
    const ids = tokenizer.encode(' world 👍');
    expect(ids.map((id) => tokenizer.tokenToDisplay(id)).join('')).toContain('␣world');
    expect(() => tokenizer.tokenBytes(tokenizer.vocabSize)).toThrow(RangeError);
  });
});

it('refuses a table that is not a tiktoken file', () => {
  expect(() => RankedBpe.fromTiktoken('broken', 'not a table', GPT2_SPLIT_SOURCE)).toThrow(/not a tiktoken line/);
  expect(() => RankedBpe.fromTiktoken('empty', '\n', GPT2_SPLIT_SOURCE)).toThrow(/empty/);
});
