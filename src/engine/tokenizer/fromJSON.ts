// Rebuilds a saved tokenizer (checkpoint, file, worker message) from its versioned JSON form, whatever its kind.
import { BpeTokenizer } from './bpe';
import { CharTokenizer } from './char';
import { checkHeader, TokenizerFormatError } from './json';
import { RankedTokenizer } from './rankedTokenizer';
import type { Tokenizer } from './types';
import { WordTokenizer } from './word';

/**
 * Rebuilds a tokenizer from its JSON form (an object, or a JSON string). Everything is validated before anything is
 * built; on any problem it throws a TokenizerFormatError that names the field.
 * @example tokenizerFromJSON(JSON.parse(JSON.stringify(tok))).encode('hi') // same ids as tok.encode('hi')
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const value = typeof json === 'string' ? parseJSON(json) : json;
  const obj = checkHeader(value);
  switch (obj.kind) {
    case 'char':
      return CharTokenizer.fromJSON(obj);
    case 'word':
      return WordTokenizer.fromJSON(obj);
    case 'ranked': // throws RankTableNotLoadedError until loadRankedBpe has read the table
      return RankedTokenizer.fromJSON(obj);
    default:
      return BpeTokenizer.fromJSON(obj);
  }
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TokenizerFormatError(`not JSON (${(e as Error).message})`);
  }
}
