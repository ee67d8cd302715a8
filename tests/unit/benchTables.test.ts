// The bench's report: PyTorch is a measured column (no constant from another machine), ratios pair our figures
// with PyTorch's at the same thread count, goals against PyTorch appear only when it was measured, and OpenBLAS is
// given the kernel family the CPU's flags allow.
import { describe, expect, it } from 'vitest';
import { renderTables, type Figure } from '../../scripts/bench/figures';
import { openblasCoretype } from '../../scripts/bench/torchBench';

const fig = (figure: string, backend: string, threads: number, value: number, unit: Figure['unit'] = 'ms'): Figure =>
  ({ figure, backend, threads, value, unit });

describe('bench tables', () => {
  const ours = [fig('train_step_nanogpt_cpu', 'wasm', 1, 100), fig('train_step_nanogpt_cpu', 'wasm', 2, 80)];

  it('sets each wasm column against PyTorch at the same thread count', () => {
    const text = renderTables([...ours, fig('train_step_nanogpt_cpu', 'pytorch', 1, 50), fig('train_step_nanogpt_cpu', 'pytorch', 2, 40)]);
    const row = text.split('\n').filter((l) => l.startsWith('train_step_nanogpt_cpu')).at(-1)!;
    expect(row.trim().split(/\s+/).slice(1)).toEqual(['0.500×', '0.500×']);
    expect(text).toContain('[met] train step, 1 thread ≤ 2 × PyTorch 1-thread: 100 ms vs 100 ms');
    expect(text).toContain('[NOT met] train step, 2 threads ≤ PyTorch 1-thread: 80.0 ms vs 50.0 ms');
    expect(text).toContain('[NOT met] train step, 2 threads ≤ 0.6 × 1 thread: 0.800×');
  });

  it('checks the GEMM share, the FMA-peak goal and reports the barrier', () => {
    const text = renderTables([...ours, fig('train_step_gemm_share', 'wasm', 1, 84.5, '%'), fig('train_step_barrier_wait', 'wasm', 2, 3.2),
      fig('gemm_nn_256', 'wasm', 1, 46, 'GFLOP/s'), fig('fma_peak', 'wasm', 1, 50, 'GFLOP/s')]);
    expect(text).toContain('[NOT met] GEMM share of the train step ≥ 90 %');
    expect(text).toContain(': 84.5 %');
    expect(text).toContain('[met] gemm_nn_256 ≥ 90 % of the relaxed-SIMD FMA peak (same run): 46.0 of 50.0 GFLOP/s = 92.0 %');
    expect(text).toContain('[info] 2 threads: 3.20 ms per step waiting');
  });

  it('sets GPT-2 against onnxruntime-web at the same thread count and checks the 1.0× goal', () => {
    const text = renderTables([fig('gpt2_next_token_kv', 'wasm', 1, 30), fig('gpt2_next_token_kv', 'wasm', 2, 20),
      fig('gpt2_next_token_kv', 'ort-wasm', 1, 40), fig('gpt2_next_token_kv', 'ort-wasm', 2, 16)]);
    expect(text).toContain('ort-wasm·1t');
    const row = text.split('\n').filter((l) => l.startsWith('gpt2_next_token_kv')).at(-1)!;
    expect(row.trim().split(/\s+/).slice(1)).toEqual(['1.33×', '0.800×']);
    expect(text).toContain('[met] GPT-2 next token with KV cache, 1 thread(s) ≤ 1.0 × ort-wasm: 30.0 ms vs 40.0 ms = 0.750×');
    expect(text).toContain('[NOT met] GPT-2 next token with KV cache, 2 thread(s) ≤ 1.0 × ort-wasm: 20.0 ms vs 16.0 ms = 1.25×');
  });

  it('says PyTorch was not measured and checks no goal against it then', () => {
    const text = renderTables(ours);
    expect(text).toContain('pytorch: not measured in this run');
    expect(text).not.toContain('PyTorch 1-thread');
  });
});

describe('openblasCoretype', () => {
  it('picks the widest kernel family the flags allow', () => {
    expect(openblasCoretype('flags\t\t: fpu sse2 avx avx2 avx512f avx512bw\n')).toBe('SkylakeX');
    expect(openblasCoretype('flags\t\t: fpu sse2 avx avx2 fma\n')).toBe('Haswell');
    expect(openblasCoretype('flags\t\t: fpu sse2\n')).toBeNull();
    expect(openblasCoretype('')).toBeNull();
  });
});
