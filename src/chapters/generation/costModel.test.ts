import { describe, expect, it } from 'vitest';
import type { GPTConfig } from '../../engine/model/gptConfig';
import { answerMacs, datacentre, formatBig, formatEnergy, joulesPerMac, largeModelMacsPerToken, largeModels, whPerJoule, withCache, withoutCache } from './costModel';
import { verdict } from './CostStep';

// C = 4, 2 layers, V = 10 (the engine's flops test uses the same). Per position per layer in multiply-adds:
// q, k, v 4·12 = 48, output projection 4·4 = 16, MLP 2·4·16 = 128; one query over s keys: 2·s·4 = 8s; head 4·10 = 40.
const c: GPTConfig = { vocabSize: 10, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 4, dropout: 0, bias: false, positional: 'learned' };

describe('multiply-adds per token, against a hand count', () => {
  it('with the KV cache: the newest position through both layers, attending over 3 positions', () => {
    // 2 × (48 + 16) = 128 projections, 2 × 8·3 = 48 attention, 2 × 128 = 256 MLP, 40 head.
    expect(withCache(c, 3)).toEqual({ embedding: 0, projections: 128, attention: 48, mlp: 256, head: 40, total: 472 });
  });

  it('without a cache: three positions again, the last block reading out only the last', () => {
    // q, k, v for 3 positions in both layers: 6 × 48 = 288, plus output projections for 3 + 1 positions: 4 × 16 = 64.
    // Attention: layer 0 all three queries 8·(1+2+3) = 48, layer 1 the last 8·3 = 24. MLP: 4 × 128. Head 40.
    expect(withoutCache(c, 3)).toEqual({ embedding: 0, projections: 352, attention: 72, mlp: 512, head: 40, total: 976 });
  });

  it('recomputing grows with the context until the window is full; the cache stays nearly flat', () => {
    const recompute = [1, 2, 4, 8, 12].map((p) => withoutCache(c, p).total);
    expect(recompute[1]).toBeGreaterThan(recompute[0]);
    expect(recompute[3]).toBeGreaterThan(recompute[2]);
    expect(recompute[4]).toBe(recompute[3]); // past blockSize 8 the window slides: the same 8 positions
    expect(withCache(c, 8).total - withCache(c, 7).total).toBe(2 * 8); // one more key and value per layer
  });

  it('an answer reads the prompt once, then one position per token', () => {
    // 976 for the prompt's pass, then the token after 4: 2 × (64 + 8·4 + 128) + 40 = 488.
    expect(answerMacs(c, 3, 2)).toBe(976 + 488);
  });
});

describe('larger models', () => {
  it('GPT-2 and GPT-3 from their published shapes: 12·L·d² + 2·L·span·d + d·V per token', () => {
    const [gpt2, gpt3, gpt4o] = largeModels;
    const count = (L: number, d: number, span: number) => 12 * L * d * d + 2 * L * span * d + d * 50257;
    expect(largeModelMacsPerToken(gpt2, 100)).toBe(count(12, 768, 100));
    expect(largeModelMacsPerToken(gpt3, 100)).toBe(count(96, 12288, 100));
    // About one multiply-add per parameter: within 10 % of the published counts.
    expect(largeModelMacsPerToken(gpt2, 100) / gpt2.parameters).toBeCloseTo(1, 0);
    expect(Math.abs(largeModelMacsPerToken(gpt3, 100) / gpt3.parameters - 1)).toBeLessThan(0.1);
    expect(gpt4o.isEstimate).toBe(true);
    expect(largeModelMacsPerToken(gpt4o, 100)).toBe(gpt4o.activeParameters);
  });

  it('the energy assumptions land a GPT-4o-class answer near the published 0.24–0.34 Wh per prompt', () => {
    expect(joulesPerMac(datacentre)).toBeCloseTo((2 * 700 * 1.5) / (989e12 * 0.1), 20);
    const wh = 600 * largeModelMacsPerToken(largeModels[2], 600) * joulesPerMac(datacentre) * whPerJoule;
    expect(wh).toBeGreaterThan(0.1);
    expect(wh).toBeLessThan(1);
  });
});

describe('words for numbers', () => {
  it('reads counts aloud and judges a guess by its order of magnitude', () => {
    expect(formatBig(14_200_000)).toBe('14.2 million');
    expect(formatBig(1e9)).toBe('1 billion');
    expect(formatBig(950)).toBe('950');
    expect(formatBig(100e3)).toBe('100 thousand');
    expect(formatBig(200e9)).toBe('200 billion');
    expect(formatEnergy(120)).toBe('120 J');
    expect(formatEnergy(1274)).toBe('0.35 Wh');
    expect(formatEnergy(2.5e-4)).toBe('250 µJ');
    expect(verdict(1e7, 1.4e7)).toBe('the right order of magnitude');
    expect(verdict(1e5, 1e7)).toBe('100 times too low');
    expect(verdict(1e11, 1e7)).toBe('10 thousand times too high');
  });
});
