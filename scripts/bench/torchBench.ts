// PyTorch measured in the same run (Node only): runs torch_bench.py with Debian's python3-torch once per thread
// count and reads its JSON lines. OpenBLAS is told the CPU's real kernel family (SkylakeX where /proc/cpuinfo lists
// avx512f, Haswell for avx2): on a virtual CPU with a generic name it otherwise falls back to its SSE3 kernel, about
// 5× slower (REFERENCES.md), which would make every ratio against it meaningless.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PYTORCH, type Figure } from './figures';

export const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** The OpenBLAS kernel family for this CPU, or null where /proc/cpuinfo cannot tell (OpenBLAS then picks its own). */
export function openblasCoretype(cpuinfo: string): string | null {
  const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1].trim().split(/\s+/) ?? []);
  if (flags.has('avx512f')) return 'SkylakeX';
  if (flags.has('avx2')) return 'Haswell';
  return null;
}

/** Why PyTorch cannot be measured here, or null when it can. */
export function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no torch (Debian: apt-get install python3-torch libopenblas0-openmp)`;
  return null;
}

export interface TorchOptions {
  threads: readonly number[];
  quick: boolean;
  stat: 'median' | 'best';
  /** Figure groups to time: gemm, train, next. */
  only: readonly string[];
  log(message: string): void;
}

/** PyTorch's figures for each thread count, or none (with the reason logged) when torch is missing or fails. */
export function measureTorch(o: TorchOptions): Figure[] {
  const missing = torchMissing();
  if (missing) {
    o.log(`skipped ${PYTORCH}: ${missing}; no PyTorch column and no ratios against it in this run`);
    return [];
  }
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // Not Linux: leave OpenBLAS to choose.
  }
  const env = { ...process.env };
  const coretype = process.env.OPENBLAS_CORETYPE ?? openblasCoretype(cpuinfo);
  if (coretype) env.OPENBLAS_CORETYPE = coretype;
  o.log(`measuring ${PYTORCH}: OPENBLAS_CORETYPE=${coretype ?? '(OpenBLAS decides)'}`);
  const figures: Figure[] = [];
  for (const threads of o.threads) {
    const args = [SCRIPT, '--threads', String(threads), '--stat', o.stat, '--only', o.only.join(',')];
    if (o.quick) args.push('--quick');
    // OMP_NUM_THREADS too: OpenBLAS's OpenMP pool would otherwise spin on every core.
    const run = spawnSync(PYTHON, args, { encoding: 'utf8', env: { ...env, OMP_NUM_THREADS: String(threads) }, timeout: 600_000 });
    for (const line of run.stderr.split('\n').filter(Boolean)) o.log(line);
    if (run.status !== 0) {
      o.log(`${PYTORCH} with ${threads} thread(s) failed (exit ${run.status ?? run.signal})`);
      continue;
    }
    for (const line of run.stdout.split('\n').filter(Boolean)) figures.push(JSON.parse(line) as Figure);
  }
  return figures;
}
