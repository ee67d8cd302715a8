// Tokenizes the reader's text with any tokenizer — a loaded checkpoint's, char, word, a BPE given as JSON, GPT-2,
// GPT-4o — into ids, labels and each token's UTF-8 and UTF-16 offsets (the engine's tokenize()), so a page can set
// tokenizers side by side on the same characters. The offsets are typed arrays, moved to the page, not copied.
import { chooseTokenizer, LoneSurrogateError, RankedTokenizer, tokenize as tokenizeText, TokenizerFormatError, type AnyTokenizer, type Tokenization } from '../../engine';
import { InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export type TokenizeResult = Tokenization & { vocabSize: number };

const tokenizeParams = s.object({
  /** Up to 16 M UTF-16 units: a few MB of text, enough for a book. */
  text: s.string({ maxLength: 16 * 2 ** 20 }),
  tokenizer: s.literal('model', 'char', 'word', 'bpe', 'gpt2', 'gpt4o'),
  /** tokenizer 'model': the loaded checkpoint whose tokenizer to use. */
  key: s.optional(checkpointKey()),
  /** tokenizer 'bpe': a tokenizer's JSON form (an object or its text), as saved with a checkpoint. */
  json: s.optional(s.unknown('a tokenizer JSON')),
  /** char and word: the vocabulary of the text itself, or of Tiny Shakespeare (then new words are <unk>). */
  vocabulary: s.optional(s.literal('text', 'shakespeare'), 'text'),
  /** Read <|endoftext|>, <|im_start|> … in the text as special tokens (default: as plain text). */
  allowSpecial: s.optional(s.boolean(), false),
});

type TokenizeParams = Infer<typeof tokenizeParams>;

/** It reads no model weights and uses no backend, so it runs at once, beside any queue. */
export const tokenize = method({
  lane: 'free',
  retry: true,
  params: tokenizeParams,
  async run(p, { state }): Promise<TokenizeResult> {
    const tokenizer = await tokenizerFor(p, state);
    try {
      return { ...tokenizeText(tokenizer, p.text, { allowSpecial: p.allowSpecial }), vocabSize: tokenizer.vocabSize };
    } catch (error) {
      // What the reader typed cannot be encoded: a lone surrogate, or a character outside a char vocabulary.
      if (error instanceof LoneSurrogateError || /^Unknown character/.test((error as Error).message)) {
        throw new InputError((error as Error).message);
      }
      throw error;
    }
  },
});

async function tokenizerFor(p: TokenizeParams, state: EngineState): Promise<AnyTokenizer> {
  switch (p.tokenizer) {
    case 'model':
      if (p.key === undefined) throw new InputError('tokenizer "model" needs the key of a loaded checkpoint.');
    {
      const tokenizer = state.get(p.key).loaded.tokenizer;
      // A GPT-2 model's tokenizer wraps GPT-2's rank table; the others are char, word or BPE tokenizers themselves.
      return tokenizer instanceof RankedTokenizer ? tokenizer.bpe : tokenizer as AnyTokenizer;
    }
    case 'bpe':
      if (p.json === undefined) throw new InputError('tokenizer "bpe" needs its JSON.');
      try {
        return await chooseTokenizer({ kind: 'bpe', json: p.json }, p.text);
      } catch (error) {
        if (error instanceof TokenizerFormatError) throw new InputError(error.message);
        throw error;
      }
    case 'char':
    case 'word':
      return chooseTokenizer({ kind: p.tokenizer, vocabulary: p.vocabulary }, p.text);
    default:
      return chooseTokenizer({ kind: p.tokenizer }, p.text);
  }
}
