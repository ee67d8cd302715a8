// npm run profile:step [-- --threads N --steps N]
// Where a training step of the nanoGPT recipe spends its time on the wasm backend: each kernel call is timed (the
// wasm kernels are synchronous, so the wall time of a call is its cost), summed per kernel name and per step.
// A profile, not a benchmark: the timing wrappers add a little overhead per call, reported as "outside kernels".
import { GPT, Trainer, withBackendAsync, type Backend } from '../src/engine';
import type { MatmulParams } from '../src/engine/backends/backend';
import { createWasmBackend } from '../src/engine/backends/wasm/wasmBackend';
import { Args } from './cli/args';
import { RECIPE, syntheticCorpus } from './bench/engineBench';

interface Total { ms: number; calls: number; flops: number }

/** Wraps every kernel with a timer; matmuls are also summed per shape ("matmul 12×[64×64×32] NT"). */
function timeKernels(backend: Backend): Map<string, Total> {
  const totals = new Map<string, Total>();
  const add = (key: string, ms: number, flops = 0) => {
    const t = totals.get(key) ?? { ms: 0, calls: 0, flops: 0 };
    t.ms += ms;
    t.calls++;
    t.flops += flops;
    totals.set(key, t);
  };
  const kernels = backend.kernels as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of Object.keys(kernels)) {
    const original = kernels[name].bind(kernels);
    kernels[name] = (...a: unknown[]) => {
      const t0 = performance.now();
      const out = original(...a);
      const ms = performance.now() - t0;
      add(name, ms);
      if (name === 'matmul') {
        const p = a[3] as MatmulParams;
        const layout = `${p.transA ? 'T' : 'N'}${p.transB ? 'T' : 'N'}${p.beta ? '+' : ''}`;
        add(`  ${p.batch}×[${p.M}×${p.N}×${p.K}] ${layout}`, ms, 2 * p.batch * p.M * p.N * p.K);
      }
      return out;
    };
  }
  return totals;
}

async function main() {
  const args = new Args();
  const steps = args.number('steps', 30);
  const backend = await createWasmBackend({ threads: args.number('threads', 1) });
  await withBackendAsync(backend, async () => {
    const model = new GPT({ ...RECIPE.model, vocabSize: 65 }, RECIPE.train.seed);
    const trainer = new Trainer(model, syntheticCorpus(), RECIPE.train);
    for (let i = 0; i < 5; i++) await trainer.step();
    const totals = timeKernels(backend);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await trainer.step();
    const stepMs = (performance.now() - t0) / steps;
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
    const inKernels = rows.filter(([name]) => !name.startsWith(' ')).reduce((s, [, t]) => s + t.ms, 0) / steps;
    console.log(`step ${stepMs.toFixed(1)} ms (${backend.name}, ${args.number('threads', 1)} thread(s), ${steps} steps)`);
    for (const [name, t] of rows) {
      const rate = t.flops ? `  ${(t.flops / t.ms / 1e6).toFixed(1).padStart(5)} GFLOP/s` : '';
      console.log(`${name.padEnd(28)} ${(t.ms / steps).toFixed(2).padStart(7)} ms  ${(t.calls / steps).toFixed(0).padStart(5)} calls/step${rate}`);
    }
    console.log(`${'outside kernels'.padEnd(28)} ${(stepMs - inKernels).toFixed(2).padStart(7)} ms`);
  });
  backend.dispose();
}

main().catch((e) => { console.error(e); process.exit(1); });
