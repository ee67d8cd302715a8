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
