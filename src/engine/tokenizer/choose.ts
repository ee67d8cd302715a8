// The tokenizers a page can set side by side, built from a plain description (what the worker receives): char- and
// word-level with a vocabulary from the text itself or from Tiny Shakespeare, a BPE given as JSON, GPT-2, GPT-4o.
// Shakespeare's vocabularies and the production rank tables are read once and kept.
import { CharTokenizer } from './char';
import { loadRankedBpe } from './encodings';
import { tokenizerFromJSON } from './fromJSON';
import { readShippedFile } from './shippedFile';
import type { AnyTokenizer } from './tokenize';
import { WordTokenizer } from './word';

/** 'text': the vocabulary is the text's own (nothing is unknown); 'shakespeare': Tiny Shakespeare's (the rest is). */
export type Vocabulary = 'text' | 'shakespeare';

export type TokenizerChoice =
  | { kind: 'char' | 'word'; vocabulary: Vocabulary }
  | { kind: 'bpe'; json: unknown }
  | { kind: 'gpt2' | 'gpt4o' };

/** Words kept in a word-level vocabulary: enough for most of Shakespeare, few enough that new text finds gaps. */
export const WORD_VOCABULARY = 10_000;
/** What a Shakespeare char vocabulary puts for a character it never saw. */
const UNKNOWN_CHAR = '\uFFFD';

let shakespeare: Promise<string> | null = null;

/** Tiny Shakespeare (public/data), read once: the book's corpus, and the yardstick held-out text of Tokenization. */
export function readShakespeare(): Promise<string> {
  shakespeare ??= readShippedFile('data/tinyshakespeare.txt').then((bytes) => new TextDecoder().decode(bytes));
  shakespeare.catch(() => (shakespeare = null));
  return shakespeare;
}

const fromShakespeare = new Map<'char' | 'word', Promise<AnyTokenizer>>();

function shakespeareVocabulary(kind: 'char' | 'word'): Promise<AnyTokenizer> {
  let tokenizer = fromShakespeare.get(kind);
  if (!tokenizer) {
    tokenizer = readShakespeare().then((corpus) =>
      kind === 'char' ? CharTokenizer.fromText(corpus, { unk: UNKNOWN_CHAR }) : WordTokenizer.fromText(corpus, { maxWords: WORD_VOCABULARY }));
    tokenizer.catch(() => fromShakespeare.delete(kind));
    fromShakespeare.set(kind, tokenizer);
  }
  return tokenizer;
}

/**
 * The tokenizer a choice describes, for `text` (a vocabulary "from the text" is built from it). A BPE JSON that does
 * not validate throws a TokenizerFormatError naming the field.
 * @example tokenize(await chooseTokenizer({ kind: 'gpt4o' }, text), text)
 */
export async function chooseTokenizer(choice: TokenizerChoice, text: string): Promise<AnyTokenizer> {
  switch (choice.kind) {
    case 'char':
      return choice.vocabulary === 'text' ? CharTokenizer.fromText(text) : shakespeareVocabulary('char');
    case 'word':
      return choice.vocabulary === 'text' ? WordTokenizer.fromText(text, { maxWords: Infinity }) : shakespeareVocabulary('word');
    case 'bpe': // a saved char or word tokenizer's JSON works too: the JSON says its kind
      return tokenizerFromJSON(choice.json) as AnyTokenizer;
    case 'gpt2':
      return loadRankedBpe('r50k_base');
    case 'gpt4o':
      return loadRankedBpe('o200k_base');
  }
}
