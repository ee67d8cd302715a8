// The nanogpt-cpu preset starts where nanoGPT starts: with PyTorch's stream for seed 1337 our engine draws nanoGPT's
// initial weights and its first batches, so the first evaluation (20 fresh batches of each split, after the first
// training batch is fetched) gives nanoGPT's figures to four decimals — REFERENCES.md: val 4.165 at iteration 0.
// The numbers 4.1676 / 4.1649 are what scripts/golden/nanogpt_recipe.py prints for step 0 with PyTorch.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GPT, TorchGenerator, Trainer, initLikeNanoGPT, withBackendAsync } from '../../src/engine';
import { createWasmBackend, type WasmBackend } from '../../src/engine/backends/wasm/wasmBackend';
import { prepareCorpus } from '../../scripts/cli/corpus';
import { presets } from '../../scripts/cli/presets';

let wasm: WasmBackend;
beforeAll(async () => { wasm = await createWasmBackend({ threads: 1 }); });
afterAll(() => wasm.dispose());

it("replays nanoGPT's first evaluation on the Shakespeare recipe (train 4.1676, val 4.1649)", async () => {
  const preset = presets['nanogpt-cpu'];
  expect(preset.randomStream).toBe('torch');
  const corpus = prepareCorpus(preset);
  await withBackendAsync(wasm, async () => {
    const model = new GPT({ ...preset.model, vocabSize: corpus.tokenizer.vocabSize });
    const rng = new TorchGenerator(preset.train.seed);
    initLikeNanoGPT(model, rng);
    const trainer = new Trainer(model, corpus.dataset, preset.train, { rng });
    const first = await trainer.evaluate();
    expect(Math.abs(first.train - 4.1676)).toBeLessThan(2e-4);
    expect(Math.abs(first.val - 4.1649)).toBeLessThan(2e-4);
    trainer.dispose();
    model.dispose();
  });
});
