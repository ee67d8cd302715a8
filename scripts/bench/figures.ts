// What the bench reports: one JSON line per measured figure, PyTorch's figures from REFERENCES.md (measured on
// another machine of this kind, never in this run), and the readable tables: values, speed-ups over TensorFlow.js
// wasm and over the PyTorch reference (> 1 means ours is faster), and issue 3's speed goals.

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

/** PyTorch 1.13 + OpenBLAS on a 2-core Zen 4 machine of this kind (REFERENCES.md), by figure and thread count. */
export const PYTORCH_REFERENCE: Record<string, Record<number, number>> = {
  train_step_nanogpt_cpu: { 1: 66.8, 2: 43.9 },
  next_token_ctx64: { 1: 2.84 },
};

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

/** Table column of a figure: the backend, with its thread count where it has several variants (wasm). */
function columnOf(f: { backend: string; threads: number }): string {
  return f.backend === 'wasm' || f.threads > 1 ? `${f.backend}·${f.threads}t` : f.backend;
}

function referenceFor(figure: string, threads: number): number | undefined {
  const byThreads = PYTORCH_REFERENCE[figure];
  return byThreads?.[threads] ?? byThreads?.[1];
}

/** The readable report: values, then ratios (> 1 = ours faster), then issue 3's goals where they apply. */
export function renderTables(figures: readonly Figure[]): string {
  const ours = [...new Set(figures.filter((f) => f.backend !== PEER).map(columnOf))];
  const names = [...new Set(figures.map((f) => f.figure))];
  const find = (name: string, column: string) => figures.find((f) => f.figure === name && columnOf(f) === column);
  const unitOf = (name: string) => figures.find((f) => f.figure === name)!.unit;
  const hasPeer = figures.some((f) => f.backend === PEER);

  const values = names.map((name) => {
    const ref = PYTORCH_REFERENCE[name];
    const refText = ref ? Object.entries(ref).map(([t, v]) => `${format(v)} (${t}t)`).join(' / ') : '–';
    const peerCell = hasPeer ? [format(find(name, PEER)?.value)] : [];
    return [name, unitOf(name), ...ours.map((c) => format(find(name, c)?.value)), ...peerCell, refText];
  });
  const out = [
    table(['figure', 'unit', ...ours, ...(hasPeer ? [PEER] : []), 'PyTorch ref*'], values),
    '* reference: measured elsewhere (REFERENCES.md: PyTorch 1.13 + OpenBLAS, same kind of 2-core machine), not in this run.',
    '',
    'Speed-up of ours (> 1 = ours faster; times: theirs ÷ ours, GFLOP/s: ours ÷ theirs)',
  ];
  const ratioRows = names.filter((n) => find(n, PEER) || PYTORCH_REFERENCE[n]).map((name) => {
    const unit = unitOf(name);
    const peer = find(name, PEER)?.value;
    return [name,
      ...(hasPeer ? ours : []).map((c) => ratio(peer === undefined || !find(name, c) ? undefined : speedup(find(name, c)!.value, peer, unit))),
      ...ours.map((c) => {
        const f = find(name, c);
        const ref = f && referenceFor(name, f.threads);
        return ratio(f && ref ? speedup(f.value, ref, unit) : undefined);
      })];
  });
  out.push(table(['figure', ...(hasPeer ? ours : []).map((c) => `${c} vs ${PEER}`), ...ours.map((c) => `${c} vs PyTorch*`)], ratioRows));
  const goals = goalLines(figures);
  if (goals.length) out.push('', "Issue 3's speed goals (wasm backend):", ...goals);
  return out.join('\n');
}

/** Issue 3's goals, each with the measured figure and whether it is met. */
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
  const torch1 = PYTORCH_REFERENCE.train_step_nanogpt_cpu[1];
  check('train step, 1 thread ≤ 2 × PyTorch 1-thread', get('train_step_nanogpt_cpu', 'wasm'), (v) => v <= 2 * torch1,
    (v) => `${format(v)} ms vs ${format(2 * torch1)} ms`);
  const tfStep = get('train_step_nanogpt_cpu', PEER);
  check(`train step, 1 thread ≥ 14 × faster than ${PEER}`, get('train_step_nanogpt_cpu', 'wasm'),
    (v) => tfStep !== undefined && tfStep / v >= 14, (v) => tfStep === undefined ? 'peer not measured' : `${format(tfStep / v)}×`);
  check('train step, 2 threads ≤ PyTorch 1-thread', get('train_step_nanogpt_cpu', 'wasm', 2), (v) => v <= torch1,
    (v) => `${format(v)} ms vs ${format(torch1)} ms`);
  const torchNext = PYTORCH_REFERENCE.next_token_ctx64[1];
  check('next token (ctx 64, no cache) ≤ PyTorch', get('next_token_ctx64', 'wasm'), (v) => v <= torchNext,
    (v) => `${format(v)} ms vs ${format(torchNext)} ms`);
  check('next token with KV cache ≤ 0.5 ms', get('next_token_ctx64_kv', 'wasm'), (v) => v <= 0.5, (v) => `${format(v)} ms`);
  return lines;
}
