// The 2017 paper's input (Vaswani et al., "Attention is all you need", §3.4 and §3.5): token vectors multiplied by
// √d_model, then the sinusoids added. Checked against the formula written out here, not against the engine's table.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { validateConfig, type GPTConfig } from '../model/gptConfig';
import { CharTokenizer } from '../tokenizer';
import { createModel } from '../train/createModel';
import { loadModel } from '../train/modelFile';
import { noGrad, tidy } from '../runtime';
import { gradCheck } from '../testing/gradCheck';
import { tensor, type Tensor } from '../tensor';
import { Trace } from './trace';

const base: GPTConfig = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'sinusoidal' };
const ids = [3, 1, 4, 1, 5];

/** PE(t, 2i) = sin(t / 10000^(2i/C)), PE(t, 2i+1) = cos(t / 10000^(2i/C)). */
const sinusoid = (t: number, d: number, C: number) => {
  const angle = t / 10000 ** ((2 * Math.floor(d / 2)) / C);
  return d % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
};

/** The residual stream entering the first block, (T, C) flattened, and the token table. */
function inputOf(config: GPTConfig): { emb: Float32Array; tok: Float32Array; table: Float32Array } {
  const model = new GPT(config, 3);
  const trace = new Trace([{ site: 'tok_emb' }, { site: 'emb' }]);
  tidy(() => noGrad(() => void model.forward(tensor(ids, [1, ids.length]), { trace })));
  const read = trace.readSync();
  return { emb: Float32Array.from(read.require({ site: 'emb' }).data), tok: Float32Array.from(read.require({ site: 'tok_emb' }).data), table: Float32Array.from(model.wte.weight.toArray()) };
}

describe('token vectors scaled by √C (the paper) before the sinusoids', () => {
  it('the first block reads √C · wte[token] + PE(t), and without the flag wte[token] + PE(t)', () => {
    const C = base.nEmbd;
    for (const scaleTokens of [true, false]) {
      const { emb, tok, table } = inputOf({ ...base, scaleTokens });
      const factor = scaleTokens ? Math.sqrt(C) : 1;
      ids.forEach((id, t) => {
        for (let d = 0; d < C; d++) {
          expect(tok[t * C + d]).toBeCloseTo(factor * table[id * C + d], 6);
          expect(emb[t * C + d]).toBeCloseTo(factor * table[id * C + d] + sinusoid(t, d, C), 5);
        }
      });
    }
  });

  it('scales tokens for any scheme (learned positions keep their table), and the output head stays unscaled', () => {
    const learned = new GPT({ ...base, positional: 'learned', scaleTokens: true }, 3);
    const plain = new GPT({ ...base, positional: 'learned' }, 3);
    const rows = (m: GPT) => tidy(() => noGrad(() => m.tokenVectors(tensor([2], [1, 1])).toArray()));
    const scaled = rows(learned), unscaled = rows(plain);
    unscaled.forEach((v, d) => expect(scaled[d]).toBeCloseTo(Math.sqrt(base.nEmbd) * v, 6));
    // Same seed, same weights: only the input differs, so the logits must differ too (the flag is not ignored).
    const logits = (m: GPT) => tidy(() => noGrad(() => m.forward(tensor(ids, [1, ids.length])).logits.toArray()));
    const a = logits(learned), b = logits(plain);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-4);
  });

  it('is written only when true: older configurations validate unchanged, and a wrong type is refused', () => {
    expect(validateConfig({ ...base })).not.toHaveProperty('scaleTokens');
    expect(validateConfig({ ...base, scaleTokens: false })).not.toHaveProperty('scaleTokens');
    expect(validateConfig({ ...base, scaleTokens: true }).scaleTokens).toBe(true);
    expect(() => validateConfig({ ...base, scaleTokens: 'yes' as unknown as boolean })).toThrow(/scaleTokens must be true or false/);
  });

  it('the whole GPT passes a gradient check through the scaled token table (float64)', () => {
    const c = { ...base, scaleTokens: true };
    const w = new GPT(c, 8).namedParameters().get('wte.weight')!;
    const result = gradCheck((weight) => {
      const m64 = new GPT(c, 8);
      m64.namedParameters().get('wte.weight')!.dispose();
      (m64.wte as unknown as { weight: Tensor }).weight = weight;
      return m64.forward(tensor(ids, [1, 5]), { targets: tensor([1, 4, 1, 5, 9], [1, 5]) }).loss!;
    }, [{ shape: w.shape, values: Array.from(w.toArray()) }]);
    expect(result.maxRelError).toBeLessThan(1e-5);
  });

  it('survives a checkpoint: a model made with the flag loads with it, one made without loads without it', async () => {
    const chars = CharTokenizer.fromText('hello world');
    const shape = { nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 8, positional: 'sinusoidal' as const };
    const scaled = loadModel((await createModel({ config: { ...shape, scaleTokens: true }, tokenizer: chars, seed: 1 })).bytes);
    const plain = loadModel((await createModel({ config: shape, tokenizer: chars, seed: 1 })).bytes);
    expect(scaled.model.config.scaleTokens).toBe(true);
    expect(plain.model.config).not.toHaveProperty('scaleTokens');
  });
});
