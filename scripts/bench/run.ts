// The bench plan, shared by `npm run bench` (Node) and the browser bench page: which figures, which sizes, how
// long each is timed, in what order; figures are handed to `emit` as soon as each is measured.
import { createJsBackend, type Backend } from '../../src/engine';
import { discoverBackends, type BackendHooks } from './backends';
import type { MatmulParams } from '../../src/engine/backends/backend';
import { attentionScoresGemm, squareGemm, timeGemm, timeNextToken, timeNextTokenKv, timeTrainStep, type GemmKind } from './engineBench';
import { ORT_PEER, PEER, PYTORCH, type Figure, type Unit } from './figures';
import { compareWithEngine, startTfjsWasm, tfjsGemm, tfjsNextToken, tfjsTrainStep } from './tfjsBench';
import { tokenizeSuite } from './tokenizeBench';
import { sampleSuite } from './sampleBench';
import { pick, type Statistic, type Timing, type TimingOptions } from './timing';
import { timeHeadTable, type ShippedFiles } from './evaluateBench';
import { timeGpt2 } from './gpt2Bench';
import { profileTrainStep } from './stepProfile';

export type Group = 'gemm' | 'train' | 'next' | 'tokenize' | 'sample' | 'evaluate' | 'gpt2';
export const GROUPS: readonly Group[] = ['gemm', 'train', 'next', 'tokenize', 'sample', 'evaluate', 'gpt2'];
/** What runs without --only: everything but GPT-2 small (minutes on the js backend; ask for it with --only gpt2). */
export const DEFAULT_GROUPS: readonly Group[] = GROUPS.filter((g) => g !== 'gpt2');

export interface BenchOptions {
  quick: boolean;
  /** Backends named on the command line, or null for every available one. */
  backends: readonly string[] | null;
  only: ReadonlySet<Group>;
  stat: Statistic;
  /** Measure TensorFlow.js wasm too. */
  peer: boolean;
}

export interface BenchPlatform extends BackendHooks {
  /** Where tfjs-backend-wasm's .wasm files are (see startTfjsWasm). */
  tfjsWasmPaths: string | Record<string, string>;
  /** Progress and notes (Node: stderr). */
  log(message: string): void;
  /** CPU seconds this process has used (all threads), where the platform can tell (Node); shows contention. */
  cpuSeconds?(): number;
  /** The shipped model and a held-out text, for evaluate_head_table (Node reads them from disk). */
  shippedFiles?(): Promise<ShippedFiles>;
  /** PyTorch's figures measured now, on 1 and 2 threads, where the platform can run it (Node: torchBench.ts). */
  pytorch?(o: { quick: boolean; stat: Statistic; only: readonly string[] }): Figure[];
  /** onnxruntime-web's wasm backend on our reference GPT-2 exported to ONNX, at 1 and 2 threads (Node: peers/gpt2Peer.ts). */
  gpt2Peer?(o: { plan: TimingOptions; stat: Statistic }): Figure[];
}

interface Plan {
  sizes: number[];
  gemm: TimingOptions;
  train: TimingOptions;
  next: TimingOptions;
  peerTrain: TimingOptions;
  tokenize: TimingOptions;
  sample: TimingOptions;
  gpt2: TimingOptions;
}

function planFor(quick: boolean): Plan {
  return quick
    ? {
      sizes: [64, 256],
      gemm: { warmup: 1, minMs: 60, minRuns: 3, maxRuns: 200 },
      train: { warmup: 1, minMs: 0, minRuns: 2, maxRuns: 2 },
      next: { warmup: 2, minMs: 60, minRuns: 3, maxRuns: 100 },
      peerTrain: { warmup: 0, minMs: 0, minRuns: 1, maxRuns: 1 },
      tokenize: { warmup: 1, minMs: 0, minRuns: 1, maxRuns: 1 },
      sample: { warmup: 2, minMs: 60, minRuns: 3, maxRuns: 100 },
      gpt2: { warmup: 0, minMs: 0, minRuns: 1, maxRuns: 1 },
    }
    : {
      sizes: [64, 128, 256, 512],
      gemm: { warmup: 2, minMs: 300, minRuns: 5, maxRuns: 2000 },
      train: { warmup: 2, minMs: 1500, minRuns: 5, maxRuns: 40 },
      // V8 optimises the decode path's JavaScript only after a few hundred calls: run alone (--only next) with 3
      // warm-up rounds, the KV-cache figure (0.35 ms) measured that tier-up as much as decoding (0.27–0.29 ms once
      // warm). After the train-step figures in the same process it reads 0.34–0.36 ms either way. Peers get the same.
      next: { warmup: 30, minMs: 300, minRuns: 10, maxRuns: 2000 },
      // About 2.5 s a step (REFERENCES.md): one warm-up and three timed steps keep the whole bench near 3 minutes.
      peerTrain: { warmup: 1, minMs: 0, minRuns: 3, maxRuns: 3 },
      // 1 MB takes 0.1–2 s per tokenizer: a few runs each keep the group near half a minute.
      tokenize: { warmup: 1, minMs: 1000, minRuns: 3, maxRuns: 10 },
      sample: { warmup: 3, minMs: 300, minRuns: 10, maxRuns: 2000 },
      // 124M parameters: seconds a round on js, so one warm-up and three rounds.
      gpt2: { warmup: 1, minMs: 0, minRuns: 3, maxRuns: 3 },
    };
}

const KINDS: readonly GemmKind[] = ['nn', 'nt', 'tn'];

type RecordFigure = (figure: string, backend: string, threads: number, value: number, unit: Unit) => void;
/** Records a figure for the backend being measured. */
type Put = (figure: string, value: number, unit: Unit) => void;
type GemmTimer = (p: MatmulParams) => Promise<{ timing: Timing; flops: number; error?: number }>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runBench(o: BenchOptions, platform: BenchPlatform, emit: (f: Figure) => void): Promise<Figure[]> {
  const plan = planFor(o.quick);
  const figures: Figure[] = [];
  const record: RecordFigure = (figure, backend, threads, value, unit) => {
    const f = { figure, backend, threads, value, unit };
    figures.push(f);
    emit(f);
  };
  const ms = (t: Timing) => pick(t, o.stat);

  const timesBackends = o.only.has('gemm') || o.only.has('train') || o.only.has('next') || o.only.has('evaluate') || o.only.has('gpt2');
  const { variants, skipped } = timesBackends ? await discoverBackends(o.backends, platform) : { variants: [], skipped: [] };
  for (const s of skipped) platform.log(`skipped backend ${s.name}: ${s.reason}`);

  for (const v of variants) {
    let backend: Backend;
    try {
      backend = await v.create();
    } catch (error) {
      platform.log(`skipped ${v.name} with ${v.threads} thread(s): ${message(error)}`);
      continue;
    }
    const description = (backend as { description?: unknown }).description;
    platform.log(`measuring ${v.name}, ${v.threads} thread(s): ${typeof description === 'string' ? description : v.note}`);
    const put: Put = (figure, value, unit) => record(figure, v.name, v.threads, value, unit);
    const usage = startUsage(platform);
    try {
      if (o.only.has('gemm')) {
        await gemmSuite((p) => timeGemm(backend, p, plan.gemm), plan, o.stat, put, platform);
        const peak = v.threads === 1 ? simdPeakOf(backend, o.quick) : null;
        if (peak !== null) put('simd128_peak', peak, 'GFLOP/s');
        const fma = v.threads === 1 ? fmaPeakOf(backend, o.quick) : null;
        if (fma !== null) put('fma_peak', fma, 'GFLOP/s');
      }
      if (o.only.has('train')) {
        put('train_step_nanogpt_cpu', ms(await timeTrainStep(backend, plan.train)), 'ms');
        // The profile of the same step (wasm kernels are synchronous, so each call's wall time is its cost)
        if (v.name === 'wasm') {
          const profile = await profileTrainStep(backend, o.quick ? 3 : 10);
          put('train_step_gemm_share', 100 * profile.gemmShare, '%');
          if (profile.barrierMsPerStep !== null) put('train_step_barrier_wait', profile.barrierMsPerStep, 'ms');
        }
      }
      if (o.only.has('next')) {
        put('next_token_ctx64', ms(await timeNextToken(backend, plan.next)), 'ms');
        put('next_token_ctx64_kv', ms(await timeNextTokenKv(backend, plan.next)), 'ms');
      }
      if (o.only.has('gpt2')) {
        const { firstToken, nextToken } = await timeGpt2(backend, plan.gpt2);
        put('gpt2_first_token_prompt64', ms(firstToken), 'ms');
        put('gpt2_next_token_kv', ms(nextToken), 'ms');
      }
      // Seconds per run: measured once, on one wasm thread (the figure the Attention chapter's table promises).
      if (o.only.has('evaluate') && v.name === 'wasm' && v.threads === 1) {
        if (platform.shippedFiles) put('evaluate_head_table_2000', await timeHeadTable(backend, await platform.shippedFiles(), platform.log), 'ms');
        else platform.log('skipped evaluate_head_table_2000: this platform cannot read the shipped model');
      }
    } finally {
      backend.dispose();
      platform.log(`${v.name} with ${v.threads} thread(s) done: ${usage()}`);
    }
  }
  if (o.only.has('gemm') && !figures.some((f) => f.figure === 'simd128_peak')) {
    platform.log("skipped simd128_peak: no backend here measures it (the wasm backend's measureSimdPeak)");
  }
  if (o.only.has('tokenize')) {
    const usage = startUsage(platform);
    try {
      await tokenizeSuite(plan.tokenize, o.stat, (figure, backend, value, unit) => record(figure, backend, 1, value, unit), platform.log);
      platform.log(`tokenizers done: ${usage()}`);
    } catch (error) {
      platform.log(`skipped the tokenizers: ${message(error)}`);
    }
  }
  if (o.only.has('sample')) {
    const usage = startUsage(platform);
    await sampleSuite(plan.sample, o.stat, (figure, backend, value, unit) => record(figure, backend, 1, value, unit));
    platform.log(`sampler done: ${usage()}`);
  }
  if (o.peer) await measurePeer(o, platform, plan, record);
  if (o.peer && o.only.has('gpt2')) {
    if (platform.gpt2Peer) {
      const usage = startUsage(platform);
      for (const f of platform.gpt2Peer({ plan: plan.gpt2, stat: o.stat })) record(f.figure, f.backend, f.threads, f.value, f.unit);
      platform.log(`${ORT_PEER} done: ${usage()} (child processes: CPU time here excludes them)`);
    } else {
      platform.log(`skipped ${ORT_PEER}: this platform cannot export and run the ONNX GPT-2 (npm run bench in Node does)`);
    }
  }
  if (o.peer && platform.pytorch) {
    const groups = (['gemm', 'train', 'next'] as const).filter((g) => o.only.has(g));
    if (groups.length) {
      const usage = startUsage(platform);
      for (const f of platform.pytorch({ quick: o.quick, stat: o.stat, only: groups })) record(f.figure, f.backend, f.threads, f.value, f.unit);
      platform.log(`${PYTORCH} done: ${usage()} (its threads are another process: CPU time here excludes them)`);
    }
  }
  return figures;
}

/**
 * Wall time and, where known, CPU time of a section: a one-thread section that kept less than ~0.9 of a core busy
 * was slowed by other processes, and its times are that much too long.
 */
function startUsage(platform: BenchPlatform): () => string {
  const wall0 = performance.now(), cpu0 = platform.cpuSeconds?.();
  return () => {
    const wall = (performance.now() - wall0) / 1000;
    if (cpu0 === undefined || !platform.cpuSeconds) return `${wall.toFixed(1)} s`;
    const cpu = platform.cpuSeconds() - cpu0;
    return `${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (${(cpu / wall).toFixed(2)} cores busy on average)`;
  };
}

/** Square GEMMs NN/NT/TN at every size, then attention's batched q·kᵀ; a wrong result is reported, not hidden. */
async function gemmSuite(time: GemmTimer, plan: Plan, stat: Statistic, put: Put, platform: BenchPlatform): Promise<void> {
  const one = async (figure: string, p: MatmulParams) => {
    const { timing, flops, error } = await time(p);
    if (error !== undefined && error > 1e-4) platform.log(`WARNING: ${figure} gives wrong numbers (relative error ${error.toExponential(1)})`);
    put(figure, flops / pick(timing, stat) / 1e6, 'GFLOP/s');
  };
  for (const kind of KINDS) for (const n of plan.sizes) await one(`gemm_${kind}_${n}`, squareGemm(n, kind));
  await one('bmm_attn_scores', attentionScoresGemm());
}

/** A backend that can time the machine's f32x4 mul+add and FMA ceilings (the wasm backend's measure*Peak). */
interface WithSimdPeak {
  measureSimdPeak(iterations?: number): number;
  measureFmaPeak(iterations?: number): number | null;
}

/** Relaxed-SIMD FMA peak per core in GFLOP/s, best of several runs; null where the build has no relaxed SIMD. */
function fmaPeakOf(backend: Backend, quick: boolean): number | null {
  const measure = (backend as Partial<WithSimdPeak>).measureFmaPeak;
  if (typeof measure !== 'function') return null;
  let best: number | null = null;
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const v = measure.call(backend, 4_000_000);
    if (v === null) return null;
    best = Math.max(best ?? 0, v);
  }
  return best;
}

/** SIMD128 peak per core in GFLOP/s: the best of several runs of the wasm kernels' register-only loop (a ceiling). */
function simdPeakOf(backend: Backend, quick: boolean): number | null {
  const measure = (backend as Partial<WithSimdPeak>).measureSimdPeak;
  if (typeof measure !== 'function') return null;
  let best = 0;
  for (let i = 0; i < (quick ? 3 : 10); i++) best = Math.max(best, measure.call(backend, 4_000_000));
  return best;
}

async function measurePeer(o: BenchOptions, platform: BenchPlatform, plan: Plan, record: RecordFigure): Promise<void> {
  let description: string;
  try {
    description = await startTfjsWasm(platform.tfjsWasmPaths);
  } catch (error) {
    platform.log(`skipped ${PEER}: ${message(error)}`);
    return;
  }
  platform.log(`measuring ${PEER}: ${description}`);
  const usage = startUsage(platform);
  const put: Put = (figure, value, unit) => record(figure, PEER, 1, value, unit);
  if (o.only.has('train') || o.only.has('next')) {
    const { ours, peer } = await compareWithEngine(createJsBackend('float32'));
    const gap = Math.max(Math.abs(ours.loss - peer.loss) / ours.loss, Math.abs(ours.gradNorm - peer.gradNorm) / ours.gradNorm);
    platform.log(`same-model check (same weights, same batch): loss ${ours.loss.toFixed(5)} ours, ${peer.loss.toFixed(5)} ${PEER}; ` +
      `gradient norm ${ours.gradNorm.toFixed(5)} ours, ${peer.gradNorm.toFixed(5)} ${PEER}` +
      (gap > 1e-3 ? ` — WARNING: they differ (relative ${gap.toExponential(1)})` : ' (agree)'));
  }
  if (o.only.has('gemm')) await gemmSuite((p) => tfjsGemm(p, plan.gemm), plan, o.stat, put, platform);
  if (o.only.has('train')) put('train_step_nanogpt_cpu', pick(await tfjsTrainStep(plan.peerTrain), o.stat), 'ms');
  if (o.only.has('next')) put('next_token_ctx64', pick(await tfjsNextToken(plan.next), o.stat), 'ms');
  platform.log(`${PEER} done: ${usage()}`);
}
