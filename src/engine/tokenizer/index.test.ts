import { readFileSync, readdirSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { BpeTokenizer, CharTokenizer, TokenizerFormatError, tokenizerFromJSON, trainBpe, type Tokenizer } from './index';

const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');
const corpus = shakespeare.slice(0, 50_000);
const bpe = trainBpe(corpus, { vocabSize: 400, specialTokens: ['<|endoftext|>', '<|pad|>'] });
const char = CharTokenizer.fromText(corpus, { unk: '\uFFFD' });
const probe = `${shakespeare.slice(300_000, 310_000)}<|endoftext|>Ünïcödé 😀`;

/** What a save file goes through: stringify, parse. */
const reload = (tok: Tokenizer): Tokenizer => tokenizerFromJSON(JSON.parse(JSON.stringify(tok)));

describe('tokenizerFromJSON', () => {
  it('round-trips a BPE tokenizer to identical encodings', () => {
    const back = reload(bpe);
    expect(back).toBeInstanceOf(BpeTokenizer);
    expect(back.vocabSize).toBe(400);
    expect(back.encode(probe)).toEqual(bpe.encode(probe));
    expect(back.toJSON()).toEqual(bpe.toJSON());
    expect(tokenizerFromJSON(JSON.stringify(bpe)).encode(probe)).toEqual(bpe.encode(probe)); // a string works too
  });

  it('round-trips a char tokenizer, unk included', () => {
    const back = reload(char);
    expect(back).toBeInstanceOf(CharTokenizer);
    expect(back.encode(probe)).toEqual(char.encode(probe));
    expect(back.decode(back.encode('Ü'))).toBe('\uFFFD');
    expect(back.toJSON()).toEqual(char.toJSON());
  });

  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(bpe)) as Record<string, unknown>;
  const goodChar = (): Record<string, unknown> => JSON.parse(JSON.stringify(char)) as Record<string, unknown>;
  const merges = (j: Record<string, unknown>): number[][] => j.merges as number[][];
  const corrupt: [string, () => unknown, RegExp][] = [
    ['null', () => null, /expected an object, got null/],
    ['an array', () => [], /expected an object, got an array/],
    ['not JSON', () => '{"format": ', /not JSON/],
    ['wrong format', () => ({ ...good(), format: 'tiktoken' }), /"format" must be "tbt-tokenizer", got "tiktoken"/],
    ['a newer version', () => ({ ...good(), version: 2 }), /unsupported "version" 2; this build reads version 1/],
    ['a missing version', () => ({ ...good(), version: undefined }), /unsupported "version" undefined/],
    ['an unknown kind', () => ({ ...good(), kind: 'wordpiece' }), /"kind" must be "char", "bpe", "word" or "ranked", got "wordpiece"/],
    ['an unknown pattern', () => ({ ...good(), pattern: 'cl100k' }), /"pattern" must be "tbt-gpt2"/],
    ['merges not an array', () => ({ ...good(), merges: {} }), /"merges" must be an array/],
    ['a merge of three ids', () => { const j = good(); merges(j)[5] = [1, 2, 3]; return j; }, /"merges\[5\]" must be a \[left, right\] pair/],
    ['a forward reference', () => { const j = good(); merges(j)[0] = [300, 1]; return j; }, /"merges\[0\]" = \[300,1\] uses an id outside \[0, 256\)/],
    ['a negative id', () => { const j = good(); merges(j)[3] = [-1, 5]; return j; }, /"merges\[3\]".*outside/],
    ['a fractional id', () => { const j = good(); merges(j)[3] = [1.5, 5]; return j; }, /"merges\[3\]".*outside/],
    ['an id as a string', () => { const j = good(); merges(j)[3] = ['97', 5] as unknown as number[]; return j; }, /"merges\[3\]".*outside/],
    ['a repeated pair', () => { const j = good(); merges(j)[9] = merges(j)[2]!; return j; }, /"merges\[9\]" repeats the pair/],
    ['truncated merges', () => { const j = good(); merges(j).pop(); return j; }, /"vocabSize" is 400 but 256 bytes \+ 141 merges \+ 2 special tokens make 399/],
    ['specialTokens missing', () => ({ ...good(), specialTokens: undefined }), /"specialTokens" must be an array of strings/],
    ['a non-string special', () => ({ ...good(), specialTokens: ['<a>', 7] }), /"specialTokens\[1\]" must be a string, got 7/],
    ['a repeated special', () => ({ ...good(), specialTokens: ['<a>', '<a>'] }), /"specialTokens\[1\]" "<a>" appears twice/],
    ['char: two-character symbol', () => { const j = goodChar(); (j.symbols as string[])[3] = 'ab'; return j; }, /"symbols\[3\]" must be exactly one code point, got "ab"/],
    ['char: repeated symbol', () => { const j = goodChar(); (j.symbols as string[])[3] = 'a'; return j; }, /appears twice/],
    ['char: numeric unk', () => ({ ...goodChar(), unk: 0 }), /"unk" must be a string or null, got 0/],
    ['char: symbols missing', () => ({ ...goodChar(), symbols: 'abc' }), /"symbols" must be an array of strings/],
  ];
  for (const [name, make, message] of corrupt) {
    it(`rejects ${name} with a clear message`, () => {
      let error: unknown;
      try {
        tokenizerFromJSON(make());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TokenizerFormatError);
      expect((error as Error).message).toMatch(/^Invalid tokenizer data: /);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('leaves the good JSON loadable (the corruptions above are the only problem)', () => {
    expect(() => tokenizerFromJSON(good())).not.toThrow();
    expect(() => tokenizerFromJSON(goodChar())).not.toThrow();
  });
});

describe('engine purity', () => {
  it('tokenizer sources import nothing from the UI or Node, and use no Buffer', () => {
    const dir = new URL('./', import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.every((p) => p?.startsWith('./')), `${file} imports ${imports.join(', ')}`).toBe(true);
      expect(/\bBuffer\b|\bdocument\b|\bwindow\b/.test(text), file).toBe(false);
    }
  });
});
