// The tokenizer figure: time to tokenize 1 MB of Tiny Shakespeare (tokenize(): ids, labels, byte and character
// offsets) with each tokenizer the book shows — char, word, our BPE (the shipped model's, 1,024 tokens), GPT-2
// (r50k_base) and GPT-4o (o200k_base) from the shipped rank tables — and, beside them, gpt-tokenizer's encode (ids
// only) for GPT-2 and GPT-4o. Tokenizers cache their pieces, so after the warm-up the cache is warm, as in a page that
// re-tokenizes as the reader types.
import {
  CharTokenizer, decodeCheckpoint, loadRankedBpe, readShippedFile, tokenize, tokenizerFromJSON, WordTokenizer, type AnyTokenizer,
} from '../../src/engine';
import type { Unit } from './figures';
import { pick, timeCalls, type Statistic, type TimingOptions } from './timing';

const ONE_MB = 1_000_000; // Tiny Shakespeare is ASCII: one byte per character

type Record = (figure: string, backend: string, value: number, unit: Unit) => void;

export async function tokenizeSuite(o: TimingOptions, stat: Statistic, record: Record, log: (m: string) => void): Promise<void> {
  const text = new TextDecoder().decode(await readShippedFile('data/tinyshakespeare.txt')).slice(0, ONE_MB);
  const shipped = decodeCheckpoint(await readShippedFile('models/default.tbt'));
  const ours: [string, AnyTokenizer][] = [
    ['char', CharTokenizer.fromText(text)],
    ['word', WordTokenizer.fromText(text)],
    ['bpe', tokenizerFromJSON(shipped.tokenizer) as AnyTokenizer],
    ['gpt2', await loadRankedBpe('r50k_base')],
    ['gpt4o', await loadRankedBpe('o200k_base')],
  ];
  const settle = async () => {};
  for (const [name, tokenizer] of ours) {
    let count = 0;
    const timing = await timeCalls(() => (count = tokenize(tokenizer, text).ids.length), settle, o);
    log(`tokenize_1mb_${name}: ${count} tokens (${(text.length / count).toFixed(2)} characters per token)`);
    // Plain JS, no tensor backend: filed under js so the tables put it in the js column.
    record(`tokenize_1mb_${name}`, 'js', pick(timing, stat), 'ms');
  }
  const references = {
    gpt2: (await import('gpt-tokenizer/encoding/r50k_base')).encode,
    gpt4o: (await import('gpt-tokenizer/encoding/o200k_base')).encode,
  };
  for (const [name, encode] of Object.entries(references)) {
    const timing = await timeCalls(() => encode(text, { allowedSpecial: new Set(), disallowedSpecial: new Set() }), settle, o);
    record(`tokenize_1mb_${name}`, 'gpt-tokenizer', pick(timing, stat), 'ms');
  }
}
