// npm run profile:step [-- --threads N --steps N]
// Where a training step of the nanoGPT recipe spends its time on the wasm backend (scripts/bench/stepProfile.ts):
// per kernel, per GEMM shape, the GEMM share of the step and, with threads, the barrier's cost.
import { createWasmBackend } from '../src/engine/backends/wasm/wasmBackend';
import { Args } from './cli/args';
import { profileTrainStep, renderProfile } from './bench/stepProfile';

async function main() {
  const args = new Args();
  const backend = await createWasmBackend({ threads: args.number('threads', 1) });
  try {
    const profile = await profileTrainStep(backend, args.number('steps', 30), 5);
    console.log(renderProfile(profile, backend.description));
  } finally {
    backend.dispose();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
