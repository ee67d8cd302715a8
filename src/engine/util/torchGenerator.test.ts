// Our replica of PyTorch's CPU random stream against what PyTorch itself drew (tests/fixtures/torch_stream.json,
// from scripts/golden/make_torch_stream_fixture.py), and nanoGPT's initial weights drawn from it.
import { describe, expect, it } from 'vitest';
import fixture from '../../../tests/fixtures/torch_stream.json';
import { GPT } from '../model/gpt';
import { initLikeNanoGPT } from '../model/nanogptInit';
import { TorchGenerator } from './torchGenerator';

const close = (actual: ArrayLike<number>, expected: number[], tol: number) => {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  expect(worst).toBeLessThan(tol);
};

describe('TorchGenerator', () => {
  it('draws what torch.manual_seed(7) then randint, rand, randn, uniform_ and normal_ draw', () => {
    const s = fixture.stream;
    const gen = new TorchGenerator(s.seed);
    expect(Array.from({ length: 12 }, () => gen.int(1000))).toEqual(s.randint1000);
    expect(Array.from({ length: 12 }, () => gen.int(1003790))).toEqual(s.randintLarge);
    close(gen.uniformFill(new Float32Array(20), 0, 1), s.rand, 1e-7);
    close(gen.normalFill(new Float32Array(40), 0, 1), s.randn40, 2e-6); // 40 is not a multiple of 16: the tail path
    close(gen.uniformFill(new Float32Array(10), -0.5, 2), s.uniform, 1e-7);
    close(gen.normalFill(new Float32Array(48), 1, 0.02), s.normal, 1e-6);
  });

  it('saves and restores its state mid-stream', () => {
    const a = new TorchGenerator(1);
    for (let i = 0; i < 700; i++) a.random(); // past one twist
    const b = new TorchGenerator(99);
    b.state = a.state;
    expect(Array.from({ length: 5 }, () => b.random())).toEqual(Array.from({ length: 5 }, () => a.random()));
    expect(() => (b.state = { words: [1, 2], index: 0 })).toThrow(/saved TorchGenerator state/);
  });
});

describe('initLikeNanoGPT', () => {
  for (const c of fixture.models) {
    it(`gives the weights nanoGPT draws for seed ${c.seed} (${c.config.nLayer} layers, bias ${c.config.bias})`, () => {
      const model = new GPT({ ...c.config, dropout: 0, positional: 'learned' });
      const gen = new TorchGenerator(c.seed);
      initLikeNanoGPT(model, gen);
      const ours = model.namedParameters();
      expect([...ours.keys()].sort()).toEqual(Object.keys(c.params).sort());
      for (const [name, values] of Object.entries(c.params)) close(ours.get(name)!.toArray(), values, 2e-6);
      // The stream is left where PyTorch left it: the next draws are the same batch offsets.
      expect(Array.from({ length: 12 }, () => gen.int(1000))).toEqual(c.randintAfter);
    });
  }
});
