// npm run -s heap:gpt2 [-- --blocks 2 --window 256 --steps 2 --no-pack-cache]
// The wasm heap during a GPT-2 124M fine-tune (issue #16): a GPT-2-shaped model with random weights, its top
// `blocks` blocks trained on windows of `window` tokens, batch 1, one evaluation then `steps` steps, on wasm with one
// thread. Prints linear memory and the peak of live bytes after each phase: memory never shrinks, so memory over
// peak-live is what the allocator wasted.
import { GPT, Rng, Trainer, TokenDataset, setBackend } from '../src/engine';
import { createWasmBackend } from '../src/engine/backends/wasm/wasmBackend';
import { Args } from './cli/args';

async function main() {
  const args = new Args();
  const blocks = args.number('blocks', 2), T = args.number('window', 256), steps = args.number('steps', 2);
  const backend = await createWasmBackend({ threads: 1, packCache: !args.flag('no-pack-cache') });
  setBackend(backend);
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  const report = (phase: string) => {
    const s = backend.memoryStats();
    console.log(`${phase.padEnd(14)} memory ${mib(s.memoryBytes).padStart(9)}  peak live ${mib(s.peakLiveBytes).padStart(9)}  ` +
      `live ${mib(s.liveBytes).padStart(9)}  free ${mib(s.freeBytes).padStart(9)}  packings ${mib(s.packedBytes).padStart(8)}  memory/peak ${(s.memoryBytes / s.peakLiveBytes).toFixed(3)}`);
  };
  const model = new GPT({ vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768, dropout: 0, bias: true,
    positional: 'learned', activation: 'gelu_tanh' }, 1, { memory: 'inference' });
  report('model');
  const rng = new Rng(7);
  const data = new TokenDataset(Array.from({ length: 20_000 }, () => rng.int(50257)));
  const trainer = new Trainer(model, data, {
    maxIters: steps, batchSize: 1, blockSize: T, schedule: { maxLr: 1e-4, minLr: 1e-5, warmupIters: 0, decayIters: steps },
    weightDecay: 0, beta1: 0.9, beta2: 0.95, gradClip: 1, evalInterval: 100, evalIters: 1, seed: 1, trainLastBlocks: blocks,
  });
  await trainer.evaluate();
  report('evaluation');
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    const { loss } = await trainer.step();
    report(`step ${i + 1}`);
    console.log(`  loss ${loss.toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  trainer.dispose();
  backend.dispose();
}

main().catch((e) => { console.error(e); process.exit(1); });
