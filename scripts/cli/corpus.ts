// The training text and its tokenizer for a preset: the corpus is split by characters (first 90 % train, last
// 10 % validation, as nanoGPT) before any tokenizer sees it, so a BPE learns its merges from training text only.
import { readFileSync } from 'node:fs';
import { CharTokenizer, trainBpe, TokenDataset, type Tokenizer } from '../../src/engine';
import type { Preset } from './presets';

export const CORPUS_PATH = new URL('../../public/data/tinyshakespeare.txt', import.meta.url);

export interface PreparedCorpus {
  tokenizer: Tokenizer;
  dataset: TokenDataset;
  /** Characters per validation token: converts a per-token loss to a per-character one. */
  valCharsPerToken: number;
}

export function prepareCorpus(preset: Preset, tokenizer?: Tokenizer): PreparedCorpus {
  const text = readFileSync(CORPUS_PATH, 'utf8');
  const cut = Math.floor(text.length * 0.9);
  const trainText = text.slice(0, cut), valText = text.slice(cut);
  const tok = tokenizer ?? (preset.tokenizer.kind === 'char'
    ? CharTokenizer.fromText(text) // nanoGPT's char vocabulary covers the whole corpus (65 symbols)
    : trainBpe(trainText, { vocabSize: preset.tokenizer.vocabSize }));
  const trainIds = tok.encode(trainText), valIds = tok.encode(valText);
  const all = new Int32Array(trainIds.length + valIds.length);
  all.set(trainIds);
  all.set(valIds, trainIds.length);
  return {
    tokenizer: tok,
    dataset: new TokenDataset(all, trainIds.length / all.length),
    valCharsPerToken: [...valText].length / valIds.length,
  };
}

/** nats per token → bits per character. */
export function bitsPerChar(natsPerToken: number, charsPerToken: number): number {
  return natsPerToken / Math.LN2 / charsPerToken;
}
