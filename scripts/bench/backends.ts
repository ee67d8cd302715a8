// The backends the bench measures, in one list: each entry says how to find its variants (thread counts) or why
// it cannot run here. A backend whose module is not there yet is skipped with the reason; adding one is one line
// in CANDIDATES. Environment-neutral: what differs between Node and the browser comes in through BackendHooks.
import { createJsBackend, type Backend, type BackendName } from '../../src/engine';

export interface BackendHooks {
  /** The WebGPU entry point (Node: the `webgpu` package set up for SwiftShader); default navigator.gpu. */
  gpu?: () => Promise<GPU | undefined>;
  /** Whether worker threads with shared memory can run here (browser: only when cross-origin isolated). */
  canShareMemory: boolean;
}

export interface BackendVariant {
  name: BackendName;
  threads: number;
  /** What runs: kernels, adapter, fallbacks. */
  note: string;
  create(): Promise<Backend>;
}

interface Candidate {
  name: BackendName;
  /** Variants to measure, or throws with the reason the backend is unavailable. explicit: named in --backends. */
  variants(hooks: BackendHooks, explicit: boolean): Promise<BackendVariant[]>;
}

/** Every backend the bench knows, in the order they are measured. */
export const CANDIDATES: readonly Candidate[] = [
  { name: 'js', variants: async () => [{ name: 'js', threads: 1, note: 'plain typed-array loops', create: async () => createJsBackend('float32') }] },
  { name: 'wasm', variants: wasmVariants },
  { name: 'webgpu', variants: webGpuVariants },
];

/** Imports a module whose path is held in a variable, so neither tsc nor a bundler needs it to exist. */
async function importOptional(path: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

type WasmFactory = (options: { threads: number }) => Promise<Backend> | Backend;

// Where the wasm backend may export its factory: the engine's public index first, then its own module.
const WASM_MODULES = ['../../src/engine/index.ts', '../../src/engine/backends/wasm/index.ts', '../../src/engine/backends/wasm/wasmBackend.ts'];

async function findWasmFactory(): Promise<WasmFactory | null> {
  for (const path of WASM_MODULES) {
    const factory = (await importOptional(path))?.createWasmBackend;
    if (typeof factory === 'function') return factory as WasmFactory;
  }
  return null;
}

/** The thread count a backend reports (a `threads` field, if it has one), else what was asked for. */
function reportedThreads(backend: Backend, asked: number): number {
  const threads = (backend as { threads?: unknown }).threads;
  return typeof threads === 'number' ? threads : asked;
}

async function wasmVariants(hooks: BackendHooks): Promise<BackendVariant[]> {
  const factory = await findWasmFactory();
  if (!factory) throw new Error('no createWasmBackend exported yet (src/engine/backends/wasm)');
  const variant = (threads: number): BackendVariant => ({
    name: 'wasm', threads, note: 'AssemblyScript SIMD',
    async create() {
      const backend = await factory({ threads });
      const actual = reportedThreads(backend, threads);
      if (actual !== threads) {
        backend.dispose();
        throw new Error(`asked for ${threads} threads, the backend runs ${actual}`);
      }
      return backend;
    },
  });
  return hooks.canShareMemory ? [variant(1), variant(2)] : [variant(1)];
}

async function webGpuVariants(hooks: BackendHooks, explicit: boolean): Promise<BackendVariant[]> {
  const backendModule = await importOptional('../../src/engine/backends/webgpu/webgpuBackend.ts');
  const probeModule = await importOptional('../../src/engine/backends/webgpu/probe.ts');
  if (!backendModule?.createWebGpuBackend || !probeModule?.requestWebGpuDevice) throw new Error('no webgpu backend module');
  type Requested = { device: GPUDevice; adapter: { isSoftware: boolean; description: string; architecture: string; vendor: string } };
  const request = probeModule.requestWebGpuDevice as (gpu?: GPU) => Promise<Requested>;
  const create = backendModule.createWebGpuBackend as (o: { device: GPUDevice }) => Promise<Backend>;
  const gpu = hooks.gpu ? await hooks.gpu() : undefined;
  const probe = await request(gpu);
  probe.device.destroy();
  const { adapter } = probe;
  const label = adapter.description || [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  if (adapter.isSoftware && !explicit) {
    throw new Error(`adapter "${label}" is software (a CPU emulation, for correctness only); name webgpu in --backends to time it anyway`);
  }
  return [{
    name: 'webgpu', threads: 1, note: `WGSL on ${label}${adapter.isSoftware ? ' (software)' : ''}`,
    create: async () => create({ device: (await request(gpu)).device }),
  }];
}

/**
 * The variants to measure: every available backend when `wanted` is null, else those named. Unavailable ones are
 * returned with their reason so the report can say what was skipped and why.
 */
export async function discoverBackends(wanted: readonly string[] | null, hooks: BackendHooks):
  Promise<{ variants: BackendVariant[]; skipped: { name: string; reason: string }[] }> {
  const unknown = (wanted ?? []).filter((w) => !CANDIDATES.some((c) => c.name === w));
  if (unknown.length) throw new Error(`unknown backend ${unknown.join(', ')}; known: ${CANDIDATES.map((c) => c.name).join(', ')}`);
  const variants: BackendVariant[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const candidate of CANDIDATES) {
    if (wanted && !wanted.includes(candidate.name)) continue;
    try {
      variants.push(...await candidate.variants(hooks, wanted !== null));
    } catch (error) {
      skipped.push({ name: candidate.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { variants, skipped };
}
