// What `npm run bench:gpu` measures, on a real GPU: GEMM GFLOP/s at n = 1024, 2048, 4096 (each tile shape and
// transpose), matrix-vector bandwidth (one-token decoding), and Trainer.step time for nanoGPT's CPU recipe and a
// 6-layer 384-wide model on webgpu, with the wasm backend on the CPU alongside. Environment-neutral: the Chromium
// page (bench-gpu.page.ts) and the Node fallback (bench-gpu.ts --node) both run it. Timing helpers: scripts/bench.
import { GPT, Trainer, withBackendAsync, type Backend, type GPTConfig, type TrainConfig } from '../src/engine';
import type { MatmulParams } from '../src/engine/backends/backend';
import { createWebGpuBackend, type WebGpuBackend } from '../src/engine/backends/webgpu/webgpuBackend';
import type { GemmTileName } from '../src/engine/backends/webgpu/shaders/matmul.wgsl';
import { chooseGemmTile } from '../src/engine/backends/webgpu/kernels/matmul';
import { RECIPE, RECIPE_VOCAB, squareGemm, syntheticCorpus, timeGemm, type GemmKind } from './bench/engineBench';
import { timeCalls, type TimingOptions } from './bench/timing';

export interface GpuBenchOptions {
  /** Small sizes and few runs: checks the script end to end on a software adapter. */
  readonly quick: boolean;
  readonly device: GPUDevice;
  /** The CPU baseline; null skips it (with the reason). */
  readonly createWasm: (() => Promise<Backend>) | null;
  readonly log: (line: string) => void;
}

type ModelShape = Omit<GPTConfig, 'vocabSize'>;

/** nanoGPT's shakespeare_char GPU model (6 layers, 6 heads, 384 wide, block 256), dropout off. */
const SIX_LAYER: ModelShape = { blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384, dropout: 0, bias: false, positional: 'learned' };

const fixed = (n: number, digits = 1) => n.toFixed(digits).padStart(8);


/**
 * Median ms per Trainer.step (forward, backward, clip, AdamW; loss and gradient norm read back). `inspect` gets
 * one more step to run after the timing (to count submissions, say).
 */
function timeTraining(backend: Backend, model: ModelShape, train: TrainConfig, o: TimingOptions,
  inspect?: (step: () => Promise<unknown>) => Promise<void>): Promise<number> {
  return withBackendAsync(backend, async () => {
    const gpt = new GPT({ ...model, vocabSize: RECIPE_VOCAB }, train.seed);
    const trainer = new Trainer(gpt, syntheticCorpus(200_000), train);
    try {
      const ms = (await timeCalls(() => trainer.step(), () => backend.flush(), o)).median;
      await inspect?.(() => trainer.step());
      return ms;
    } finally {
      trainer.dispose();
      gpt.dispose();
    }
  });
}

export async function runGpuBench(o: GpuBenchOptions): Promise<void> {
  const { log, device, quick } = o;
  const backends = new Map<GemmTileName | 'auto', WebGpuBackend>();
  const gpuFor = async (tile: GemmTileName | 'auto') => {
    if (!backends.has(tile)) backends.set(tile, await createWebGpuBackend({ device, matmul: tile === 'auto' ? {} : { tile } }));
    return backends.get(tile)!;
  };
  const gemmRuns: TimingOptions = quick ? { warmup: 1, minMs: 0, minRuns: 2, maxRuns: 2 } : { warmup: 2, minMs: 400, minRuns: 5, maxRuns: 200 };

  log('## GEMM (fp32, median of timed batches; err = worst relative error of sampled entries vs a float64 dot product)');
  for (const n of quick ? [128, 256] : [1024, 2048, 4096]) {
    const runs: [GemmTileName | 'auto', GemmKind][] = [['auto', 'nn'], ['auto', 'nt'], ['auto', 'tn'], ['small', 'nn'], ['medium', 'nn'], ['large', 'nn']];
    for (const [tile, kind] of runs) {
      const p = squareGemm(n, kind);
      const { timing, flops, error } = await timeGemm(await gpuFor(tile), p, gemmRuns);
      const label = tile === 'auto' ? `auto→${chooseGemmTile(n, n, 1)}` : tile;
      log(`gemm n=${String(n).padEnd(5)} ${kind.toUpperCase()} tile=${label.padEnd(12)} ${fixed(timing.median, 3)} ms ${fixed(flops / timing.median / 1e6)} GFLOP/s  err ${error.toExponential(1)}`);
    }
  }

  log('## matrix-vector (M = 1, x·Wᵀ as in one-token decoding)');
  for (const n of quick ? [512] : [4096, 16384]) {
    const p: MatmulParams = { batch: 1, M: 1, N: n, K: n, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0, beta: 0 };
    const { timing } = await timeGemm(await gpuFor('auto'), p, gemmRuns);
    log(`matvec ${n}×${n}: ${fixed(timing.median, 3)} ms ${fixed((4 * n * n) / timing.median / 1e6)} GB/s of weights read`);
  }

  const trainRuns: TimingOptions = quick ? { warmup: 1, minMs: 0, minRuns: 1, maxRuns: 1 } : { warmup: 3, minMs: 2000, minRuns: 10, maxRuns: 100 };
  const cpuRuns: TimingOptions = { warmup: 1, minMs: 0, minRuns: quick ? 1 : 3, maxRuns: quick ? 1 : 3 };
  const recipeTrain = RECIPE.train;
  const cases: { name: string; model: ModelShape; train: TrainConfig; withWasm: boolean }[] = [
    { name: 'nanoGPT recipe 4L/4H/128, batch 12×64', model: RECIPE.model, train: recipeTrain, withWasm: true },
    { name: '6L/6H/384, batch 12×64', model: { ...SIX_LAYER, blockSize: 64 }, train: recipeTrain, withWasm: true },
    { name: '6L/6H/384, batch 64×256 (nanoGPT GPU recipe)', model: SIX_LAYER, train: { ...recipeTrain, batchSize: 64, blockSize: 256 }, withWasm: false },
  ];
  const wasm = o.createWasm ? await o.createWasm().catch((e: unknown) => { log(`wasm baseline skipped: ${(e as Error).message}`); return null; }) : null;
  if (!o.createWasm) log('wasm baseline skipped (--no-wasm)');
  if (wasm) {
    const { description = 'wasm', threadsUnavailable = '' } = wasm as { description?: string; threadsUnavailable?: string };
    log(`wasm baseline: ${description}${threadsUnavailable ? ` (threads off: ${threadsUnavailable})` : ''}`);
  }

  log('## training step (Trainer.step: forward + backward + clip + AdamW, loss and grad norm read back)');
  for (const c of quick ? cases.slice(0, 1) : cases) {
    const gpu = await gpuFor('auto');
    let perStep = '';
    const gpuMs = await timeTraining(gpu, c.model, c.train, trainRuns, async (step) => {
      await gpu.flush();
      const before = gpu.stats();
      await step();
      await gpu.flush();
      const after = gpu.stats();
      perStep = `${after.submits - before.submits} submits, ${after.dispatches - before.dispatches} dispatches per step`;
    });
    const tokens = c.train.batchSize * c.train.blockSize;
    let line = `train ${c.name.padEnd(46)} webgpu ${fixed(gpuMs)} ms/step ${fixed(tokens / gpuMs, 0)}k tok/s (${perStep})`;
    if (c.withWasm && wasm) {
      const cpuMs = await timeTraining(wasm, c.model, c.train, cpuRuns);
      line += `  | wasm ${fixed(cpuMs)} ms/step → webgpu ${(cpuMs / gpuMs).toFixed(1)}× faster`;
    }
    log(line);
  }
  wasm?.dispose();
  for (const b of backends.values()) b.dispose();
}
