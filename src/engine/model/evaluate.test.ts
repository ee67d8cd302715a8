import { describe, expect, it } from 'vitest';
import { GPT } from './gpt';
import { evaluate, evaluateAblations, headImportance, headOff, slidingWindows } from './evaluate';
import { tensor } from '../tensor';
import { noGrad, tidy, withBackendAsync } from '../runtime';
import { f64 } from '../testing/gradCheck';
import { Rng } from '../util/rng';

const config = { vocabSize: 13, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as const };
const rng = new Rng(4);
const text = Array.from({ length: 30 }, () => rng.int(13));

/** −ln p(ids[j] | the ids before it, at most blockSize of them), from one plain forward pass. */
function directLoss(model: GPT, ids: number[], j: number): number {
  const context = ids.slice(Math.max(0, j - model.config.blockSize), j);
  const targets = [...new Array<number>(context.length - 1).fill(-1), ids[j]];
  return tidy(() => noGrad(() => model.forward(tensor(context, [1, context.length]), { targets: tensor(targets, [1, context.length]) }).loss!.toArray()[0]));
}

describe('evaluate', () => {
  it('windows cover every position once, each at most the context long', () => {
    for (const [n, T, stride] of [[30, 8, 4], [30, 8, 1], [5, 8, 4], [9, 8, 8], [2, 8, 3]]) {
      const windows = slidingWindows(n, T, stride);
      let next = 1;
      for (const w of windows) {
        expect(w.end - w.begin).toBeLessThanOrEqual(T);
        expect(w.from + 1).toBe(next);
        next = w.end + 1;
      }
      expect(next).toBe(n);
    }
  });

  it('on a text within the context: per-position cross-entropy averages to the plain forward loss', () => withBackendAsync(f64, async () => {
    const model = new GPT(config, 3);
    const ids = text.slice(0, 8);
    const e = await evaluate(model, ids);
    const plain = tidy(() => noGrad(() => model.forward(tensor(ids.slice(0, 7), [1, 7]), { targets: tensor(ids.slice(1), [1, 7]) }).loss!.toArray()[0]));
    expect(e.meanLoss).toBeCloseTo(plain, 12);
    e.losses.forEach((loss, i) => {
      expect(loss).toBeCloseTo(directLoss(model, ids, i + 1), 12);
      expect(e.probabilities[i]).toBeCloseTo(Math.exp(-loss), 14);
      expect(e.targets[i]).toBe(ids[i + 1]);
      expect(e.contexts[i]).toBe(i + 1);
    });
  }));

  it('on a longer text: with stride 1 every position gets the full context; wider strides agree in the first window', () => withBackendAsync(f64, async () => {
    const model = new GPT(config, 3);
    const dense = await evaluate(model, text, { stride: 1 });
    for (let j = 1; j < text.length; j++) {
      expect(dense.losses[j - 1]).toBeCloseTo(directLoss(model, text, j), 12);
      expect(dense.contexts[j - 1]).toBe(Math.min(j, config.blockSize));
    }
    const coarse = await evaluate(model, text, { stride: 4 });
    for (let j = 1; j <= config.blockSize; j++) expect(coarse.losses[j - 1]).toBeCloseTo(dense.losses[j - 1], 12);
    for (let j = config.blockSize + 1; j < text.length; j++) expect(coarse.contexts[j - 1]).toBeGreaterThanOrEqual(config.blockSize - 4 + 1);
  }));

  it('batched ablations equal one evaluate call each; the head table equals single-head ablations', () => withBackendAsync(f64, async () => {
    const model = new GPT(config, 5);
    const ablations = [{}, { attn: [0, 1] }, { mlp: [1, 0] }, headOff(2, 2, 1, 0)];
    const batched = await evaluateAblations(model, text, ablations, { stride: 3 });
    for (const [i, ablation] of ablations.entries()) {
      const single = await evaluate(model, text, { stride: 3, ablation });
      single.losses.forEach((x, k) => expect(batched[i].losses[k]).toBeCloseTo(x, 12));
    }
    expect(Math.abs(batched[1].meanLoss - batched[0].meanLoss)).toBeGreaterThan(1e-6); // the ablation does something
    const table = await headImportance(model, text, { maxRows: 2 }); // 5 rows in chunks of 2
    const baseline = (await evaluate(model, text)).meanLoss;
    expect(table.baseline).toBeCloseTo(baseline, 12);
    for (let l = 0; l < 2; l++) for (let h = 0; h < 2; h++) {
      const off = (await evaluate(model, text, { ablation: headOff(2, 2, l, h) })).meanLoss;
      expect(table.increase[l][h]).toBeCloseTo(off - baseline, 12);
    }
  }));

  it('explains bad input', async () => {
    const model = new GPT(config, 3);
    await expect(evaluate(model, [1])).rejects.toThrow(/at least two tokens/);
    await expect(evaluate(model, [1, 13])).rejects.toThrow(/token 1 \(id 13\) is not in this model's vocabulary of 13/);
    await expect(evaluate(model, text, { stride: 9 })).rejects.toThrow(/stride must be a whole number from 1 to the context length 8/);
    await expect(evaluate(model, text, { ablation: { heads: [[0]] } })).rejects.toThrow(/one row per layer/);
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(evaluate(model, text, { signal: controller.signal })).rejects.toThrow(/stopped/);
  });
});
