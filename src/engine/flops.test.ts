import { describe, expect, it } from 'vitest';
import { forwardFlops, forwardFlopsPerToken, trainingFlopsPerStep } from './flops';
import type { GPTConfig } from './model/gptConfig';

// C = 4, 2 layers, V = 10. Per position per layer: qkv 2·4·12 = 96, projection 2·4·4 = 32, MLP 2·2·4·16 = 256;
// one query over s keys: 2·2·s·4 = 16s. The head: 2·4·10 = 80.
const c: GPTConfig = { vocabSize: 10, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 4, dropout: 0, bias: false, positional: 'learned' };

describe('FLOP counter, against a hand count', () => {
  it('a token with a KV cache: one position through every layer', () => {
    // Third token (2 cached): 2 × (96 + 16·3 + 32 + 256) + 80 = 944.
    expect(forwardFlops(c, { cached: 2, fresh: 1 })).toEqual({ qkv: 192, attention: 96, attnProj: 64, mlp: 512, head: 80, total: 944 });
    expect(forwardFlopsPerToken(c, 2).total).toBe(944);
  });

  it('the same token without a cache: three positions, the last block reading out the last one only', () => {
    // qkv for 3 positions in both layers: 2·3·96 = 576. Attention: layer 0 all three queries 16·(1+2+3) = 96,
    // layer 1 the last query 16·3 = 48. Projection and MLP: 3 positions in layer 0 + 1 in layer 1 = 4 × (32, 256).
    expect(forwardFlops(c, { cached: 0, fresh: 3 })).toEqual({ qkv: 576, attention: 144, attnProj: 128, mlp: 1024, head: 80, total: 1952 });
  });

  it('a training step: every position forward, ×3 for backward', () => {
    // Per token at t: 2 × (96 + 16(t+1) + 32 + 256) + 80 = 880, 912, 944 for t = 0, 1, 2; B = 2: 3 · 2 · 2736.
    expect(trainingFlopsPerStep(c, 2, 3)).toBe(16416);
  });
});
