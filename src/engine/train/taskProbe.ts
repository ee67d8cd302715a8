// What fine-tuning gains and what it forgets, measured while it runs: exact match on held-out prompts (greedy
// answer up to the end of the line, compared with the expected one) and the loss on plain text (the corpus the
// model was pre-trained on), so a rising task score can be read beside a rising text loss.
import { generate } from '../model/generate';
import type { GPT } from '../model/gpt';
import { noGrad, tidy, withBackend } from '../runtime';
import type { Tokenizer } from '../tokenizer';
import { Rng } from '../util/rng';
import { drawBatch, type TokenDataset } from './data';

export interface TaskExample {
  prompt: string;
  response: string;
}

export interface TaskScore {
  /** Fraction of examples whose answer, trimmed, equals the expected response, trimmed. */
  exactMatch: number;
  /** The model's answer to each example, in order (the text up to its first newline). */
  answers: string[];
}

/** Two answers match when they agree once surrounding white space is removed ("  JULIET\n" = "JULIET"). */
export function isExactMatch(answer: string, expected: string): boolean {
  return answer.trim() === expected.trim();
}

/**
 * Greedy answers to each prompt (stopping at a newline or after maxNewTokens), scored by exact match.
 * @example const { exactMatch } = await scoreTask(model, tokenizer, [{ prompt: 'Q: 2+2?\nA:', response: ' 4' }], 4);
 */
export async function scoreTask(model: GPT, tokenizer: Tokenizer, examples: readonly TaskExample[], maxNewTokens: number): Promise<TaskScore> {
  const answers: string[] = [];
  for (const e of examples) {
    const prompt = tokenizer.encode(e.prompt).slice(-model.config.blockSize);
    let text = '';
    await generate(model, prompt, {
      maxNewTokens, temperature: 0,
      onToken: (step) => {
        text += tokenizer.decode([step.id]);
        return !text.includes('\n');
      },
    });
    answers.push(text.split('\n')[0]);
  }
  const hits = answers.filter((a, i) => isExactMatch(a, examples[i].response)).length;
  return { exactMatch: examples.length ? hits / examples.length : 0, answers };
}

/**
 * Mean next-token loss on `batches` fixed batches of the dataset's validation split (the same windows every call,
 * drawn from `seed`), so two calls during a run measure the model, not the sample.
 */
export async function heldOutTextLoss(model: GPT, data: TokenDataset, batchSize: number, blockSize: number, batches = 4, seed = 4242): Promise<number> {
  const rng = new Rng(seed);
  const T = Math.min(blockSize, data.val.length - 1);
  let total = 0;
  for (let i = 0; i < batches; i++) {
    const loss = withBackend(model.backend, () => tidy(() => noGrad(() => {
      const { x, y } = drawBatch(data, 'val', batchSize, T, rng);
      return model.forward(x, { targets: y }).loss!;
    })));
    total += (await loss.data())[0];
    loss.dispose();
  }
  return total / batches;
}
