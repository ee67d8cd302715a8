import { describe, expect, it } from 'vitest';
import { GPT } from './gpt';
import { assertModelFits, countParameters, defaultConfig, estimateModelBytes, MAX_MODEL_BYTES, validateConfig } from './gptConfig';

describe('GPT configuration', () => {
  it('fills the activation (exact GELU) and keeps everything else', () => {
    const { activation, ...rest } = defaultConfig;
    expect(activation).toBe('gelu');
    expect(validateConfig(rest)).toEqual(defaultConfig);
    expect(validateConfig({ ...rest, activation: 'gelu_tanh' }).activation).toBe('gelu_tanh');
  });

  it('rejects unknown keys by name, and each impossible value with the field', () => {
    expect(() => validateConfig({ ...defaultConfig, nLayers: 6 } as never)).toThrow(/unknown key "nLayers"; known keys: vocabSize, blockSize/);
    expect(() => validateConfig({ ...defaultConfig, heads: 2, width: 3 } as never)).toThrow(/unknown keys "heads", "width"/);
    expect(() => validateConfig({ ...defaultConfig, nHead: 0 })).toThrow(/config.nHead must be a positive integer, got 0/);
    expect(() => validateConfig({ ...defaultConfig, activation: 'relu' as never })).toThrow(/config.activation must be one of gelu, gelu_tanh, got relu/);
    expect(() => validateConfig({ ...defaultConfig, positional: 'alibi' as never })).toThrow(/config.positional must be one of/);
    expect(() => validateConfig({ ...defaultConfig, dropout: '0.1' as never })).toThrow(/config.dropout must be a number in \[0, 1\)/);
    expect(() => validateConfig(null as never)).toThrow(/must be an object/);
  });

  it('estimates memory from the parameter count and refuses an absurd model before allocating it', () => {
    const small = estimateModelBytes(defaultConfig);
    expect(small).toBeGreaterThan(16 * countParameters(defaultConfig)); // weights, grads, two moments + activations
    expect(small).toBeLessThan(MAX_MODEL_BYTES / 100);
    const huge = { ...defaultConfig, nLayer: 48, nEmbd: 2048, nHead: 16, vocabSize: 50_257, blockSize: 1024 }; // GPT-2 XL-ish
    expect(() => assertModelFits(huge)).toThrow(/would need about [\d.]+ GB \([\d,]+ bytes\) to train, over the 1.5 GB limit/);
    expect(() => new GPT(huge)).toThrow(/over the 1.5 GB limit/);
  });
});
