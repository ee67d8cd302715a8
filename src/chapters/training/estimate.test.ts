// Whether a model can be trained in the tab is said before a run starts: GPT-2 small cannot (AdamW's state alone
// is 2 GB), the book's own models can.
import { describe, expect, it } from 'vitest';
import { estimateModelBytes, MAX_MODEL_BYTES } from '../../engine/model/gptConfig';
import { tooBigToTrain } from './estimate';

const gpt2Small = { vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768, dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh' } as const;

describe('tooBigToTrain', () => {
  it('refuses GPT-2 small with its size and the cap, and lets a small model train', () => {
    const said = tooBigToTrain(gpt2Small, 'GPT-2 (model)');
    expect(said).toMatch(/^“GPT-2 \(model\)” has 124M parameters: training it would need about 4\.5 GB .* more than the 1\.5 GB/);
    // Even with windows of 8 tokens the weights, gradients and moments alone are past the cap.
    expect(estimateModelBytes({ ...gpt2Small, blockSize: 8 })).toBeGreaterThan(MAX_MODEL_BYTES);
    expect(tooBigToTrain({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, bias: false, positional: 'learned' }, 'mine')).toBeNull();
  });
});
