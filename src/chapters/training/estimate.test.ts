// How a model is trained in the tab is said before a run starts: the book's own models train whole, exactly as
// before; GPT-2 small (AdamW's state alone is 2 GB, over the 1.5 GB cap) trains only its top blocks, as many as
// fit with margin; and when not even one block fits the batch, a refusal that says what to lower.
import { describe, expect, it } from 'vitest';
import { estimateModelBytes, MAX_MODEL_BYTES, partialTrainingBytes } from '../../engine/model/gptConfig';
import { trainingFlopsPerStep } from '../../engine/flops';
import { estimateRun, PLAN_MARGIN, TOP_TRAINING_WINDOW, trainingPlan, trainingWindow } from './estimate';
import { finetuneRecipe, presets } from './presets';

const gpt2Small = { vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768, dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh' } as const;

describe('trainingPlan', () => {
  it('trains the book’s models whole, with the same estimate as before', () => {
    for (const p of Object.values(presets)) {
      const config = { ...p.shape, vocabSize: 1024, dropout: 0, bias: false, positional: 'learned' as const };
      expect(trainingPlan(config, p.label, p.train.batchSize, p.shape.blockSize)).toEqual({ trainLastBlocks: null, note: null, refusal: null });
      const estimate = estimateRun(p.shape, p.train, 1024, 'wasm', 1);
      expect(estimate.flopsPerStep).toBe(trainingFlopsPerStep(config, p.train.batchSize, p.shape.blockSize));
      expect(trainingWindow(config)).toBe(p.shape.blockSize); // whole windows, as before
    }
  });

  it('trains only the top of GPT-2 small: the most blocks that fit under the margin, and says why', () => {
    expect(estimateModelBytes({ ...gpt2Small, blockSize: 8 })).toBeGreaterThan(MAX_MODEL_BYTES); // whole: never
    for (const [batch, T] of [[1, 256], [finetuneRecipe.train.batchSize, finetuneRecipe.blockSize]]) {
      const plan = trainingPlan(gpt2Small, 'GPT-2 (model)', batch, T);
      const n = plan.trainLastBlocks!;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(partialTrainingBytes(gpt2Small, n, batch, T)).toBeLessThanOrEqual(PLAN_MARGIN * MAX_MODEL_BYTES);
      if (n < 12) expect(partialTrainingBytes(gpt2Small, n + 1, batch, T)).toBeGreaterThan(PLAN_MARGIN * MAX_MODEL_BYTES);
      expect(plan.refusal).toBeNull();
      expect(plan.note).toMatch(new RegExp(`^Training the last ${n} of 12 blocks \\([\\d.]+M of 124M parameters, with the final LayerNorm\\); the rest is frozen because training all of it would need about 4\\.5 GB .* more than the 1\\.5 GB`));
      console.log(`GPT-2 small, ${batch} × ${T} tokens: ${plan.note}`);
    }
    // Its windows are shortened to keep a step to seconds (and a whole window of 1024 tokens, its logits alone
    // 0.4 GB with their gradient, would leave no room for even one block).
    expect(trainingPlan(gpt2Small, 'GPT-2', 1, 1024).refusal).toMatch(/even its last block alone/);
    expect(trainingWindow(gpt2Small)).toBe(TOP_TRAINING_WINDOW);
  });

  it('refuses when not even the last block fits the batch, and says what to lower', () => {
    const plan = trainingPlan(gpt2Small, 'GPT-2 (model)', 12, 1024);
    expect(plan.trainLastBlocks).toBeNull();
    expect(plan.refusal).toMatch(/^“GPT-2 \(model\)” has 124M parameters: .* even its last block alone, with 12 windows of 1024 tokens a step, would need about [\d.]+ GB\. Use fewer windows per step/);
  });

  it('estimates the time of a partial run for what it trains: a forward, plus backward through the top blocks', () => {
    const shape = { nLayer: 12, nHead: 12, nEmbd: 768, blockSize: 1024 };
    const train = { ...presets.nanogpt.train, batchSize: 1 };
    const whole = estimateRun(shape, train, 50257, 'wasm', 4);
    const top = estimateRun(shape, train, 50257, 'wasm', 4, 1);
    expect(top.secondsPerStep).toBeLessThan(whole.secondsPerStep / 2);
    expect(top.secondsPerStep).toBeGreaterThan(whole.secondsPerStep / 3); // the frozen blocks still run forward
  });
});
