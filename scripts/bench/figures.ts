// What the bench reports: one JSON line per measured figure and the readable tables: values, speed-ups over the two
// peers measured in the same run — TensorFlow.js wasm and, where Debian's torch is installed, PyTorch at the same
// thread count (> 1 means ours is faster) — and the speed goals of issues 3 and 17.

export type Unit = 'ms' | 'GFLOP/s' | '%';

export interface Figure {
  figure: string;
  /** js, wasm, webgpu, or the peer: tfjs-wasm. */
  backend: string;
  threads: number;
  value: number;
  unit: Unit;
}

export const PEER = 'tfjs-wasm';

/** The exact line format of issue 2: {"figure", "backend", "threads", "value", "unit"}. */
export function jsonLine(f: Figure): string {
  const value = Number(f.value.toPrecision(f.value >= 1000 ? 6 : 4));
  return JSON.stringify({ figure: f.figure, backend: f.backend, threads: f.threads, value, unit: f.unit });
}

/** PyTorch (Debian's python3-torch + OpenBLAS), measured in the same run by torchBench.ts where it is installed. */
export const PYTORCH = 'pytorch';

/**
 * onnxruntime-web's wasm backend (what transformers.js runs in the browser) on our reference GPT-2 exported to ONNX,
 * measured in the same run at 1 and 2 threads by peers/gpt2Peer.ts (`--only gpt2`, where torch can export it).
 */
export const ORT_PEER = 'ort-wasm';
/** transformers.js (its generate(), KV cache) on the same graph and the same onnxruntime-web wasm, same run. */
export const TJS_PEER = 'transformers.js';
/** Peers measured at several thread counts: a column per count, set against ours at the same count. */
const THREADED_PEERS: readonly string[] = [PYTORCH, ORT_PEER, TJS_PEER];
const GPT2_PEERS: readonly string[] = [ORT_PEER, TJS_PEER];

/** > 1 when `ours` is better: faster for times, more for rates. */
export function speedup(ours: number, other: number, unit: Unit): number {
  return unit === 'ms' ? other / ours : ours / other;
}

function format(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

const ratio = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${format(v)}×`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Table column of a figure: the backend, with its thread count where it has several variants (wasm, PyTorch). */
function columnOf(f: { backend: string; threads: number }): string {
  return f.backend === 'wasm' || THREADED_PEERS.includes(f.backend) || f.threads > 1 ? `${f.backend}·${f.threads}t` : f.backend;
}

/** The readable report: values, then ratios (> 1 = ours faster), then the speed goals where they apply. */
export function renderTables(figures: readonly Figure[]): string {
  const isPeer = (f: Figure) => f.backend === PEER || THREADED_PEERS.includes(f.backend);
  const ours = [...new Set(figures.filter((f) => !isPeer(f)).map(columnOf))];
  const torchColumns = [...new Set(figures.filter((f) => f.backend === PYTORCH).map(columnOf))];
  const gpt2Peers = GPT2_PEERS.filter((p) => figures.some((f) => f.backend === p));
  const ortColumns = [...new Set(figures.filter((f) => gpt2Peers.includes(f.backend)).map(columnOf))];
  const names = [...new Set(figures.map((f) => f.figure))];
  const find = (name: string, column: string) => figures.find((f) => f.figure === name && columnOf(f) === column);
  const unitOf = (name: string) => figures.find((f) => f.figure === name)!.unit;
  const hasPeer = figures.some((f) => f.backend === PEER);
  // PyTorch at the thread count of our column (a js or webgpu column is set against PyTorch's one thread).
  const sameThreads = (peer: string) => (name: string, column: string) => {
    const threads = figures.find((f) => f.figure === name && columnOf(f) === column)?.threads ?? 1;
    return figures.find((f) => f.figure === name && f.backend === peer && f.threads === threads);
  };
  const torchFor = sameThreads(PYTORCH);

  const peerColumns = [...(hasPeer ? [PEER] : []), ...torchColumns, ...ortColumns];
  const values = names.map((name) => [name, unitOf(name), ...[...ours, ...peerColumns].map((c) => format(find(name, c)?.value))]);
  const out = [
    table(['figure', 'unit', ...ours, ...peerColumns], values),
    torchColumns.length ? `${PYTORCH}: Debian's torch with OpenBLAS, measured in this run (scripts/bench/torch_bench.py).`
      : `${PYTORCH}: not measured in this run, so no ratios against it.`,
  ];
  if (ortColumns.length) {
    out.push(`${ORT_PEER}: onnxruntime-web's wasm backend on our reference GPT-2 exported to ONNX; ${TJS_PEER}: transformers.js's generate() on the same graph and runtime (scripts/bench/peers/), measured in this run.`);
  }
  const ratioRows = names.filter((n) => find(n, PEER) || figures.some((f) => f.figure === n && THREADED_PEERS.includes(f.backend))).map((name) => {
    const unit = unitOf(name);
    const vs = (column: string, other: Figure | undefined) => {
      const f = find(name, column);
      return ratio(f && other ? speedup(f.value, other.value, unit) : undefined);
    };
    return [name,
      ...(hasPeer ? ours.map((c) => vs(c, find(name, PEER))) : []),
      ...(torchColumns.length ? ours.map((c) => vs(c, torchFor(name, c))) : []),
      ...gpt2Peers.flatMap((p) => ours.map((c) => vs(c, sameThreads(p)(name, c))))];
  });
  if (ratioRows.length) {
    out.push('', 'Speed-up of ours (> 1 = ours faster; times: theirs ÷ ours, GFLOP/s: ours ÷ theirs; PyTorch at the same thread count)');
    out.push(table(['figure', ...(hasPeer ? ours.map((c) => `${c} vs ${PEER}`) : []),
      ...(torchColumns.length ? ours.map((c) => `${c} vs ${PYTORCH}`) : []),
      ...gpt2Peers.flatMap((p) => ours.map((c) => `${c} vs ${p}`))], ratioRows));
  }
  const goals = goalLines(figures);
  if (goals.length) out.push('', 'Speed goals (wasm backend; issues 3, 16 and 17):', ...goals);
  return out.join('\n');
}

/** The speed goals of issues 3 and 17, each with the measured figure and whether it is met. */
function goalLines(figures: readonly Figure[]): string[] {
  const get = (figure: string, backend: string, threads = 1) =>
    figures.find((f) => f.figure === figure && f.backend === backend && f.threads === threads)?.value;
  if (!figures.some((f) => f.backend === 'wasm')) return [];
  const lines: string[] = [];
  const check = (label: string, measured: number | undefined, ok: (v: number) => boolean, detail: (v: number) => string) => {
    if (measured !== undefined) lines.push(`  [${ok(measured) ? 'met' : 'NOT met'}] ${label}: ${detail(measured)}`);
  };
  const gemms = figures.filter((f) => f.backend === 'wasm' && f.threads === 1 && /^gemm_(nn|nt|tn)_\d+$/.test(f.figure));
  const behind = gemms.filter((f) => (get(f.figure, PEER) ?? 0) > f.value).map((f) => f.figure);
  if (gemms.length && gemms.some((f) => get(f.figure, PEER) !== undefined)) {
    lines.push(`  [${behind.length ? 'NOT met' : 'met'}] GEMM ≥ ${PEER} at every size, NN/NT/TN (1 thread)` +
      (behind.length ? `: behind at ${behind.join(', ')}` : ''));
  }
  const peak = get('simd128_peak', 'wasm');
  check('gemm_nn_256 ≥ 80 % of SIMD128 peak (peak: mul+add loop; a relaxed-FMA GEMM can pass 100 %)', get('gemm_nn_256', 'wasm'), (v) => peak !== undefined && v >= 0.8 * peak,
    (v) => peak === undefined ? 'no peak measured' : `${format(v)} of ${format(peak)} GFLOP/s = ${format((100 * v) / peak)} %`);
  const fma = get('fma_peak', 'wasm');
  check('gemm_nn_256 ≥ 90 % of the relaxed-SIMD FMA peak (same run)', get('gemm_nn_256', 'wasm'), (v) => fma !== undefined && v >= 0.9 * fma,
    (v) => fma === undefined ? 'no FMA peak measured (no relaxed SIMD here)' : `${format(v)} of ${format(fma)} GFLOP/s = ${format((100 * v) / fma)} %`);
  // Goals against PyTorch are checked only when PyTorch was measured in this run.
  const againstTorch = (label: string, figure: string, threads: number, factor: number) => {
    const torch = get(figure, PYTORCH, 1);
    if (torch !== undefined) {
      check(label, get(figure, 'wasm', threads), (v) => v <= factor * torch, (v) => `${format(v)} ms vs ${format(factor * torch)} ms`);
    }
  };
  const step1 = get('train_step_nanogpt_cpu', 'wasm');
  againstTorch('train step, 1 thread ≤ 2 × PyTorch 1-thread', 'train_step_nanogpt_cpu', 1, 2);
  againstTorch('train step, 2 threads ≤ PyTorch 1-thread', 'train_step_nanogpt_cpu', 2, 1);
  const tfStep = get('train_step_nanogpt_cpu', PEER);
  check(`train step, 1 thread ≥ 20 × faster than ${PEER}`, step1,
    (v) => tfStep !== undefined && tfStep / v >= 20, (v) => tfStep === undefined ? 'peer not measured' : `${format(tfStep / v)}×`);
  check('GEMM share of the train step ≥ 90 % (1 thread; time in matmul ÷ step time, npm run profile:step)',
    get('train_step_gemm_share', 'wasm'), (v) => v >= 90, (v) => `${format(v)} %`);
  const barrier = get('train_step_barrier_wait', 'wasm', 2);
  if (barrier !== undefined) lines.push(`  [info] 2 threads: ${format(barrier)} ms per step waiting at kernel ends for the other thread (the barrier)`);
  check('train step, 2 threads ≤ 0.6 × 1 thread', get('train_step_nanogpt_cpu', 'wasm', 2),
    (v) => step1 !== undefined && v <= 0.6 * step1, (v) => step1 === undefined ? '1 thread not measured' : `${format(v / step1)}×`);
  againstTorch('next token (ctx 64, no cache) ≤ PyTorch 1-thread', 'next_token_ctx64', 1, 1);
  check('next token with KV cache ≤ 0.3 ms', get('next_token_ctx64_kv', 'wasm'), (v) => v <= 0.3, (v) => `${format(v)} ms`);
  // Issue 16: GPT-2 small's next token with the cache, no slower than onnxruntime-web at the same thread count.
  for (const peer of GPT2_PEERS) {
    for (const threads of [1, 2]) {
      const theirs = get('gpt2_next_token_kv', peer, threads);
      if (theirs !== undefined) {
        check(`GPT-2 next token with KV cache, ${threads} thread(s) ≤ 1.0 × ${peer}`, get('gpt2_next_token_kv', 'wasm', threads),
          (v) => v <= theirs, (v) => `${format(v)} ms vs ${format(theirs)} ms = ${format(v / theirs)}×`);
      }
    }
  }
  return lines;
}
