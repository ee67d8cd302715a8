// The worker's tokenize method through the engine host, as the page calls it: every tokenizer kind answers with ids
// and offsets, the offset columns arrive as typed arrays, and what the reader cannot send (a lone surrogate, a broken
// tokenizer JSON, a missing key) is an InputError that names the problem.
import { beforeAll, describe, expect, it } from 'vitest';
import { trainBpe } from '../engine';
import { hostHarness } from './testing/hostHarness';
import { tinyCheckpoint } from './testing/tinyCheckpoint';

const text = 'ROMEO: thou art 🌹<|endoftext|>';

describe('worker: tokenize', () => {
  const harness = hostHarness();
  beforeAll(async () => {
    await harness.result('setBackend', { choice: 'js' });
    await harness.result('loadCheckpoint', { key: 'base', bytes: await tinyCheckpoint() });
  });

  it('tokenizes with the model, char, word, a BPE JSON, GPT-2 and GPT-4o', async () => {
    const bpe = trainBpe('ROMEO: thou art thou art', { vocabSize: 270, specialTokens: ['<|endoftext|>'] });
    const counts: Record<string, number> = {};
    for (const tokenizer of ['model', 'char', 'word', 'bpe', 'gpt2', 'gpt4o'] as const) {
      const textFor = tokenizer === 'model' ? 'ROMEO: But' : text; // the tiny model's char vocabulary has no 🌹
      const t = await harness.result('tokenize', { text: textFor, tokenizer, key: 'base', json: bpe.toJSON() });
      expect(t.ids).toBeInstanceOf(Int32Array);
      expect(t.byteOffsets[t.ids.length]).toBe(new TextEncoder().encode(textFor).length);
      expect(t.charEnds[t.ids.length - 1]).toBe(textFor.length);
      counts[tokenizer] = t.ids.length;
    }
    expect(counts.model).toBe(10); // one per character
    expect(counts.char).toBe([...text].length);
    expect(counts.gpt4o).toBeLessThan(counts.char);
  });

  it('reads special tokens only when allowed, and reports both counts', async () => {
    const plain = await harness.result('tokenize', { text, tokenizer: 'gpt4o' });
    const special = await harness.result('tokenize', { text, tokenizer: 'gpt4o', allowSpecial: true });
    expect(special.ids.at(-1)).toBe(199_999);
    expect(plain.ids.includes(199_999)).toBe(false);
    expect(plain.counts).toEqual({ specialAsTokens: special.ids.length, specialAsText: plain.ids.length });
  });

  it('answers bad input with an InputError that says what is wrong', async () => {
    const error = async (params: Parameters<typeof harness.call<'tokenize'>>[1]) => {
      const answer = await harness.call('tokenize', params).done;
      return answer.kind === 'error' ? `${answer.error.name}: ${answer.error.message}` : 'no error';
    };
    expect(await error({ text: 'a\uD800b', tokenizer: 'gpt2' })).toMatch(/^InputError: .*lone surrogate U\+D800 at UTF-16 offset 1/);
    expect(await error({ text: 'hi', tokenizer: 'bpe', json: { format: 'tbt-tokenizer' } })).toMatch(/^InputError: Invalid tokenizer data/);
    expect(await error({ text: 'hi', tokenizer: 'model' })).toMatch(/^InputError: .*needs the key/);
    expect(await error({ text: 'hi', tokenizer: 'model', key: 'nope' })).toMatch(/^InputError: no checkpoint "nope"/);
    expect(await error({ text: 'hi 🌹', tokenizer: 'model', key: 'base' })).toMatch(/^InputError: Unknown character/);
    expect(await error({ text: 'hi', tokenizer: 'gpt5' as 'gpt4o' })).toMatch(/^InputError: .*tokenizer/);
  });
});
