// Each tokenizer choice a page can send builds the tokenizer it names, with the vocabulary it names.
import { describe, expect, it } from 'vitest';
import { trainBpe } from './bpeTrain';
import { chooseTokenizer } from './choose';
import { TokenizerFormatError } from './json';
import { TOKEN_UNKNOWN, tokenize } from './tokenize';

const text = 'ROMEO: thou art 🌹 gorgeousified';
const unknowns = (t: ReturnType<typeof tokenize>) => Array.from(t.flags).filter((f) => f & TOKEN_UNKNOWN).length;

describe('chooseTokenizer', () => {
  it("builds char and word vocabularies from the text (nothing unknown) or from Shakespeare's (new things are)", async () => {
    expect(unknowns(tokenize(await chooseTokenizer({ kind: 'char', vocabulary: 'text' }, text), text))).toBe(0);
    expect(unknowns(tokenize(await chooseTokenizer({ kind: 'char', vocabulary: 'shakespeare' }, text), text))).toBe(1); // 🌹
    expect(unknowns(tokenize(await chooseTokenizer({ kind: 'word', vocabulary: 'text' }, text), text))).toBe(0);
    const words = tokenize(await chooseTokenizer({ kind: 'word', vocabulary: 'shakespeare' }, text), text);
    expect(unknowns(words)).toBe(2); // " 🌹" and " gorgeousified"
  });

  it('reads a BPE from its JSON and refuses JSON that is not a tokenizer, naming the field', async () => {
    const bpe = trainBpe('abababab cdcd', { vocabSize: 260 });
    const chosen = await chooseTokenizer({ kind: 'bpe', json: bpe.toJSON() }, text);
    expect(tokenize(chosen, 'abab').ids).toEqual(Int32Array.from(bpe.encode('abab')));
    await expect(chooseTokenizer({ kind: 'bpe', json: { ...bpe.toJSON(), merges: 'none' } }, text)).rejects.toThrow(TokenizerFormatError);
    await expect(chooseTokenizer({ kind: 'bpe', json: '{oops' }, text)).rejects.toThrow(/not JSON/);
  });

  it('loads GPT-2 and GPT-4o from the shipped tables', async () => {
    expect(tokenize(await chooseTokenizer({ kind: 'gpt2' }, text), 'Hello world').ids).toEqual(Int32Array.of(15496, 995));
    expect(tokenize(await chooseTokenizer({ kind: 'gpt4o' }, text), 'Hello world').ids).toEqual(Int32Array.of(13225, 2375));
  });
});
