import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { tensor } from '../tensor';
import { packSequences, responseLogProbs } from './sequences';

const config = { vocabSize: 5, blockSize: 8, nLayer: 1, nHead: 1, nEmbd: 8, dropout: 0, bias: false, positional: 'learned' as const };

describe('sequences', () => {
  const episodes = [{ prompt: [1, 2], response: [3, 4, 0] }, { prompt: [4], response: [1] }];

  it('packs rows padded on the right, with the response scored one position before each token', () => {
    const b = packSequences(episodes, 8);
    expect([b.B, b.T, b.count]).toEqual([2, 5, 4]);
    expect(Array.from(b.ids)).toEqual([1, 2, 3, 4, 0, 4, 1, 0, 0, 0]);
    expect(Array.from(b.targets)).toEqual([-1, 3, 4, 0, -1, 1, -1, -1, -1, -1]);
    expect(Array.from(b.mask)).toEqual([0, 1, 1, 1, 0, 1, 0, 0, 0, 0]);
    expect(b.last).toEqual([4, 1]);
    expect(() => packSequences(episodes, 4)).toThrow(/block size 4/);
    expect(() => packSequences([{ prompt: [], response: [1] }], 8)).toThrow(/prompt token/);
  });

  it("gives each response token the model's log-probability, computed from its logits", () => {
    const model = new GPT(config, 2);
    const batch = packSequences(episodes, 8);
    const logp = responseLogProbs(model, batch).logp.toArray();
    episodes.forEach((e, b) => {
      const ids = [...e.prompt, ...e.response];
      const logits = model.forward(tensor(ids, [1, ids.length])).logits.toArray();
      e.response.forEach((token, i) => {
        const t = e.prompt.length + i - 1;
        const row = Array.from(logits.slice(t * 5, t * 5 + 5));
        const lse = Math.log(row.reduce((s, x) => s + Math.exp(x), 0));
        expect(logp[b * batch.T + t]).toBeCloseTo(row[token] - lse, 5);
      });
    });
  });
});
