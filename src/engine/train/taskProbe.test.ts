// The fine-tuning probes: exact match (the task metric) on greedy answers, before and after a seeded fine-tune
// that the response-only mask makes learnable, and the plain-text loss measured on fixed held-out windows.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { CharTokenizer } from '../tokenizer';
import { TokenDataset } from './data';
import { ExampleDataset } from './finetune';
import { heldOutTextLoss, isExactMatch, scoreTask } from './taskProbe';
import { Trainer } from './trainer';

const examples = [
  { prompt: 'ab:', response: ' X\n' },
  { prompt: 'ba:', response: ' Y\n' },
  { prompt: 'aa:', response: ' X\n' },
  { prompt: 'bb:', response: ' Y\n' },
];
const tokenizer = CharTokenizer.fromText('ab: XY\n');
const config = { vocabSize: tokenizer.vocabSize, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0, bias: false, positional: 'learned' as const };

describe('task metric', () => {
  it('matches answers once surrounding white space is removed, and nothing else', () => {
    expect(isExactMatch(' JULIET', ' JULIET\n')).toBe(true);
    expect(isExactMatch('JULIET ', 'JULIET')).toBe(true);
    expect(isExactMatch('JULIE', 'JULIET')).toBe(false);
    expect(isExactMatch('juliet', 'JULIET')).toBe(false);
    expect(isExactMatch('', 'JULIET')).toBe(false);
  });

  it('scores greedy answers up to the new line: an untrained model misses, a fine-tuned one (seeded) answers all', async () => {
    const model = new GPT(config, 5);
    const untrained = await scoreTask(model, tokenizer, examples, 4);
    expect(untrained.answers).toHaveLength(4);
    expect(untrained.exactMatch).toBeLessThan(1);
    // valFraction 0: all four train, graded on their answers only (the prompts are targets −1).
    const data = new ExampleDataset(examples.map((e) => ({ prompt: tokenizer.encode(e.prompt), response: tokenizer.encode(e.response) })), 0);
    const trainer = new Trainer(model, data, {
      maxIters: 150, batchSize: 4, blockSize: 8, weightDecay: 0, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 150, evalIters: 1, seed: 2,
      schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 5, decayIters: 150 },
    });
    await trainer.run();
    const tuned = await scoreTask(model, tokenizer, examples, 4);
    expect(tuned.answers).toEqual([' X', ' Y', ' X', ' Y']);
    expect(tuned.exactMatch).toBe(1);
    trainer.dispose();
  });
});

describe('plain-text loss', () => {
  it('reads the same windows every call (same model, same loss) and falls when the model learns the text', async () => {
    const text = 'abababab\n'.repeat(40);
    const tok = CharTokenizer.fromText(text);
    const data = new TokenDataset(tok.encode(text));
    const model = new GPT({ ...config, vocabSize: tok.vocabSize }, 1);
    const first = await heldOutTextLoss(model, data, 4, 8);
    expect(await heldOutTextLoss(model, data, 4, 8)).toBe(first);
    expect(first).toBeGreaterThan(0.5);
    const trainer = new Trainer(model, data, {
      maxIters: 60, batchSize: 4, blockSize: 8, weightDecay: 0, beta1: 0.9, beta2: 0.99, gradClip: 1, evalInterval: 60, evalIters: 1, seed: 2,
      schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 5, decayIters: 60 },
    });
    await trainer.run();
    expect(await heldOutTextLoss(model, data, 4, 8)).toBeLessThan(first / 2);
    trainer.dispose();
  });
});
