// The `trainTokenizer` knob read: 'char' (one token per character of the training text), 'shipped' (the book's
// byte-pair tokenizer), or 'lab:<id>' (one the reader trained in the Tokenization chapter). It becomes the
// tokenizer part of a createModel call; an unknown choice says so and falls back to the shipped tokenizer.
import { CharTokenizer } from '../../engine/tokenizer/char';
import { SHIPPED_KEY } from '../../state/slices/lab';
import type { TokenizerRecord } from '../../state/lab/records';

export type TokenizerSource = { tokenizerOf: string } | { tokenizer: unknown };

export interface TokenizerChoice {
  /** What the reader sees: "characters of your text", "the shipped BPE", "“my BPE” from your lab". */
  name: string;
  /** The createModel parameters, given the training text (a char vocabulary is the text's own characters). */
  source: (text: string) => TokenizerSource;
  /** Why the knob's value could not be used (the shipped tokenizer is used instead), or null. */
  problem: string | null;
}

const shipped: Omit<TokenizerChoice, 'problem'> = { name: 'the shipped byte-pair tokenizer (1,024 tokens)', source: () => ({ tokenizerOf: SHIPPED_KEY }) };

export function tokenizerChoice(value: string, tokenizers: readonly TokenizerRecord[]): TokenizerChoice {
  if (value === 'shipped') return { ...shipped, problem: null };
  if (value === 'char') {
    return { name: 'characters of the training text', source: (text) => ({ tokenizer: CharTokenizer.fromText(text).toJSON() }), problem: null };
  }
  if (value.startsWith('lab:')) {
    const record = tokenizers.find((t) => t.id === value.slice(4));
    if (record) return { name: `“${record.name}” from your lab`, source: () => ({ tokenizer: record.json }), problem: null };
    return { ...shipped, problem: `The tokenizer in the link (${value}) is not in your lab (it may be in another browser), so the shipped one is used.` };
  }
  return { ...shipped, problem: `“${value}” is not a tokenizer this chapter knows (char, shipped or lab:<id>), so the shipped one is used.` };
}
