// Unwinds one token into the merges that made it, back to bytes, with each merge's rank: for a BPE the reader
// trained (its JSON) or for GPT-2's and GPT-4o's tokenizers. The tree is small (a token has at most a few hundred
// bytes), so it travels as plain nested objects.
import { chooseTokenizer, mergeTree, TokenizerFormatError, type MergeTreeNode } from '../../engine';
import { InputError } from '../engineState';
import { s } from '../schema';
import { method } from './method';

export type { MergeTreeNode };

const unwindTokenParams = s.object({
  tokenizer: s.literal('bpe', 'gpt2', 'gpt4o'),
  /** tokenizer 'bpe': its JSON form. */
  json: s.optional(s.unknown('a BPE tokenizer JSON')),
  id: s.int({ min: 0, max: 2 ** 20 }),
});

export const unwindToken = method({
  lane: 'free',
  retry: true,
  params: unwindTokenParams,
  async run(p): Promise<MergeTreeNode> {
    let tokenizer;
    try {
      tokenizer = await chooseTokenizer(p.tokenizer === 'bpe' ? { kind: 'bpe', json: p.json } : { kind: p.tokenizer }, '');
    } catch (error) {
      if (error instanceof TokenizerFormatError) throw new InputError(error.message);
      throw error;
    }
    if (!('tokenBytes' in tokenizer)) throw new InputError('Only a byte-pair tokenizer has merges to unwind.');
    if (p.id >= tokenizer.vocabSize) throw new InputError(`This tokenizer has no token ${p.id}: its ids run from 0 to ${tokenizer.vocabSize - 1}.`);
    return mergeTree(tokenizer, p.id);
  },
});
