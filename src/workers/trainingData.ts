// A training run's data: the reader's text or examples, tokenized, with a message for each way they can be unusable.
import { ExampleDataset, TokenDataset, type BatchSource, type Tokenizer } from '../engine';
import { encodeOrExplain, InputError } from './engineState';

/** A supervised example for fine-tuning: the model reads prompt + response and learns to write the response. */
export interface FineTuneExample {
  prompt: string;
  response: string;
}

/** A text to pre-train on or examples to fine-tune on: exactly one must be given. */
export function trainingData(tokenizer: Tokenizer, p: { corpus?: string; examples?: FineTuneExample[] }, blockSize: number): BatchSource {
  if ((p.corpus === undefined) === (p.examples === undefined)) {
    throw new InputError('Give either a training text or fine-tuning examples, not both and not neither.');
  }
  return p.corpus !== undefined ? textData(tokenizer, p.corpus, blockSize) : exampleData(tokenizer, p.examples!);
}

/** How many characters a run reads (reported before tokenizing, which takes a while for a long text). */
export function characterCount(p: { corpus?: string; examples?: FineTuneExample[] }): number {
  return p.corpus?.length ?? p.examples?.reduce((n, e) => n + e.prompt.length + e.response.length, 0) ?? 0;
}

function textData(tokenizer: Tokenizer, corpus: string, blockSize: number): BatchSource {
  const ids = encodeOrExplain(tokenizer, corpus);
  if (ids.length < 2 * (blockSize + 1)) {
    throw new InputError(`The training text is too short: it needs more than ${2 * (blockSize + 1)} tokens.`);
  }
  return new TokenDataset(ids);
}

function exampleData(tokenizer: Tokenizer, examples: readonly FineTuneExample[]): BatchSource {
  const encode = (text: string) => encodeOrExplain(tokenizer, text, { allowEmpty: true });
  const usable = examples.map((e) => ({ prompt: encode(e.prompt), response: encode(e.response) }))
    .filter((e) => e.prompt.length > 0 && e.response.length > 0);
  if (usable.length < 2) throw new InputError('Fine-tuning needs at least two examples, each with a prompt and a response.');
  return new ExampleDataset(usable);
}
