// GPT-2's and GPT-4o's tokenizers as they ship with the site: each one's rank table (public/tokenizers/, written by
// scripts/build-rank-tables.ts from the tiktoken files in gpt-tokenizer), its pre-split pattern and its special
// tokens. Loaded on first use and kept: o200k's table is about 1 MB and takes a moment to index.
import { RankedBpe } from './ranked';
import { gunzip, unpackRankTable } from './rankTable';
import { readShippedFile } from './shippedFile';
import { rememberRankedBpe } from './rankedTokenizer';

/** GPT-2 (r50k_base): contractions, words and numbers with one leading space, other runs, whitespace. */
export const GPT2_SPLIT_SOURCE = "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const CONTRACTION = "(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?";
/**
 * GPT-4o (o200k_base): a word is an optional leading non-letter, capitals then lower-case letters (so "HelloWorld"
 * splits in two), with a contraction in any case; numbers in groups of at most three digits; punctuation runs keep
 * their newlines and slashes; newlines group with the whitespace before them.
 */
export const O200K_SPLIT_SOURCE = [
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+${CONTRACTION}`,
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*${CONTRACTION}`,
  '\\p{N}{1,3}',
  ' ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*',
  '\\s*[\\r\\n]+',
  '\\s+(?!\\S)',
  '\\s+',
].join('|');

export type RankedEncodingName = 'r50k_base' | 'o200k_base';

interface RankedEncoding {
  label: string;
  /** Under public/. */
  file: string;
  split: string;
  specials: Readonly<Record<string, number>>;
}

export const RANKED_ENCODINGS: Readonly<Record<RankedEncodingName, RankedEncoding>> = {
  r50k_base: {
    label: 'GPT-2',
    file: 'tokenizers/r50k_base.ranks.gz',
    split: GPT2_SPLIT_SOURCE,
    specials: { '<|endoftext|>': 50256 },
  },
  o200k_base: {
    label: 'GPT-4o',
    file: 'tokenizers/o200k_base.ranks.gz',
    split: O200K_SPLIT_SOURCE,
    // The ids gpt-tokenizer 4.0 gives them (its chat encoding uses <|im_start|> … <|im_sep|>); tiktoken's own
    // o200k_base names only <|endoftext|> (199999) and puts <|endofprompt|> at 200018.
    specials: {
      '<|endoftext|>': 199_999,
      '<|fim_prefix|>': 200_000,
      '<|fim_middle|>': 200_001,
      '<|fim_suffix|>': 200_002,
      '<|im_start|>': 200_003,
      '<|im_end|>': 200_004,
      '<|im_sep|>': 200_005,
      '<|endofprompt|>': 200_006,
    },
  },
};

const loaded = new Map<RankedEncodingName, Promise<RankedBpe>>();

/** Builds a production tokenizer from its packed rank table (bytes of a public/tokenizers/*.ranks.gz file). */
export async function rankedBpeFromFile(name: RankedEncodingName, file: Uint8Array): Promise<RankedBpe> {
  const { label, split, specials } = RANKED_ENCODINGS[name];
  return RankedBpe.fromTokens(`${label} (${name})`, unpackRankTable(await gunzip(file)), split, specials);
}

/**
 * GPT-2's or GPT-4o's tokenizer, read from public/tokenizers/ once per process (a failed read is retried next time).
 * @example (await loadRankedBpe('o200k_base')).encode('Hello world') // [13225, 2375]
 */
export function loadRankedBpe(name: RankedEncodingName): Promise<RankedBpe> {
  let tokenizer = loaded.get(name);
  if (!tokenizer) {
    tokenizer = readShippedFile(RANKED_ENCODINGS[name].file).then(async (file) => {
      const bpe = await rankedBpeFromFile(name, file);
      rememberRankedBpe(name, bpe); // so a model whose tokenizer names this table can be rebuilt from JSON
      return bpe;
    });
    tokenizer.catch(() => loaded.delete(name));
    loaded.set(name, tokenizer);
  }
  return tokenizer;
}
