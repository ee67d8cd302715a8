// Where a training step of the nanoGPT recipe spends its time, kernel by kernel: every kernel call is timed (the
// wasm kernels are synchronous, so a call's wall time is its cost) and summed per kernel and per GEMM shape. Shared
// by `npm run profile:step` (the full table) and `npm run bench` (the GEMM share: time in matmul ÷ step time).
// A profile, not a benchmark: the timers add a little per call, which lands in "outside kernels".
import { GPT, Trainer, withBackendAsync, type Backend } from '../../src/engine';
import type { MatmulParams } from '../../src/engine/backends/backend';
import { RECIPE, RECIPE_VOCAB, syntheticCorpus } from './engineBench';

export interface KernelTotal { ms: number; calls: number; flops: number }

export interface StepProfile {
  /** Mean wall time of one profiled step, ms. */
  stepMs: number;
  steps: number;
  /** Per kernel name, summed over the profiled steps. */
  kernels: Map<string, KernelTotal>;
  /** Per GEMM shape ("12×[64×64×32] NT", "+" when accumulating), summed over the profiled steps. */
  gemmShapes: Map<string, KernelTotal>;
  /** Time in matmul ÷ step time (the goal of issue 17 is ≥ 0.9 on one thread). */
  gemmShare: number;
  /** ms per step the calling thread waited at the end of threaded kernels (null without threads). */
  barrierMsPerStep: number | null;
  /** Threaded kernel calls per step (null without threads). */
  jobsPerStep: number | null;
}

interface WithThreadStats {
  threadStats(): { jobs: number; barrierWaitMs: number } | null;
}

function add(totals: Map<string, KernelTotal>, key: string, ms: number, flops = 0): void {
  const t = totals.get(key) ?? { ms: 0, calls: 0, flops: 0 };
  t.ms += ms;
  t.calls++;
  t.flops += flops;
  totals.set(key, t);
}

/** Runs `warmup` untimed steps, then `steps` steps with every kernel of `backend` timed; restores the kernels after. */
export async function profileTrainStep(backend: Backend, steps: number, warmup = 3): Promise<StepProfile> {
  return withBackendAsync(backend, async () => {
    const model = new GPT({ ...RECIPE.model, vocabSize: RECIPE_VOCAB }, RECIPE.train.seed);
    const trainer = new Trainer(model, syntheticCorpus(), RECIPE.train);
    const kernels = backend.kernels as unknown as Record<string, (...a: unknown[]) => unknown>;
    const originals = new Map(Object.keys(kernels).map((name) => [name, kernels[name]]));
    try {
      for (let i = 0; i < warmup; i++) await trainer.step();
      const totals = new Map<string, KernelTotal>(), gemmShapes = new Map<string, KernelTotal>();
      for (const [name, original] of originals) {
        const call = original.bind(kernels);
        kernels[name] = (...a: unknown[]) => {
          const t0 = performance.now();
          const out = call(...a);
          const ms = performance.now() - t0;
          add(totals, name, ms);
          if (name === 'matmul') {
            const p = a[3] as MatmulParams;
            const layout = `${p.transA ? 'T' : 'N'}${p.transB ? 'T' : 'N'}${p.beta ? '+' : ''}`;
            add(gemmShapes, `${p.batch}×[${p.M}×${p.N}×${p.K}] ${layout}`, ms, 2 * p.batch * p.M * p.N * p.K);
          }
          return out;
        };
      }
      const threads = (backend as Partial<WithThreadStats>).threadStats?.() ?? null;
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await trainer.step();
      await backend.flush();
      const stepMs = (performance.now() - t0) / steps;
      const after = (backend as Partial<WithThreadStats>).threadStats?.() ?? null;
      const gemmMs = (totals.get('matmul')?.ms ?? 0) / steps;
      return {
        stepMs, steps, kernels: totals, gemmShapes, gemmShare: gemmMs / stepMs,
        barrierMsPerStep: threads && after ? (after.barrierWaitMs - threads.barrierWaitMs) / steps : null,
        jobsPerStep: threads && after ? (after.jobs - threads.jobs) / steps : null,
      };
    } finally {
      for (const [name, original] of originals) kernels[name] = original;
      trainer.dispose();
      model.dispose();
    }
  });
}

/** The profile as a table: kernels by time, each GEMM shape under matmul, then the GEMM share and the barrier. */
export function renderProfile(p: StepProfile, label: string): string {
  const per = (v: number) => (v / p.steps).toFixed(2).padStart(7);
  const lines = [`step ${p.stepMs.toFixed(1)} ms (${label}, ${p.steps} steps)`];
  const rows = [...p.kernels].sort((a, b) => b[1].ms - a[1].ms);
  let inKernels = 0;
  for (const [name, t] of rows) {
    inKernels += t.ms / p.steps;
    lines.push(`${name.padEnd(28)} ${per(t.ms)} ms  ${(t.calls / p.steps).toFixed(0).padStart(5)} calls/step  ${(100 * t.ms / p.steps / p.stepMs).toFixed(1).padStart(5)} %`);
    if (name !== 'matmul') continue;
    for (const [shape, g] of [...p.gemmShapes].sort((a, b) => b[1].ms - a[1].ms)) {
      lines.push(`  ${shape.padEnd(26)} ${per(g.ms)} ms  ${(g.calls / p.steps).toFixed(0).padStart(5)} calls/step  ${(g.flops / g.ms / 1e6).toFixed(1).padStart(5)} GFLOP/s`);
    }
  }
  lines.push(`${'outside kernels'.padEnd(28)} ${(p.stepMs - inKernels).toFixed(2).padStart(7)} ms                    ${(100 * (p.stepMs - inKernels) / p.stepMs).toFixed(1).padStart(5)} %`);
  lines.push(`GEMM share ${(100 * p.gemmShare).toFixed(1)} % of the step (goal ≥ 90 % on one thread)`);
  if (p.barrierMsPerStep !== null) {
    lines.push(`barrier: ${p.barrierMsPerStep.toFixed(2)} ms per step waiting for other threads' parts, over ${p.jobsPerStep?.toFixed(0)} threaded calls`);
  }
  return lines.join('\n');
}
