// Backend selection: what 'auto' picks here (Node: wasm SIMD with threads), what each preference gives, and the
// fallbacks with their reasons when SIMD or SharedArrayBuffer are missing.
import { afterEach, describe, expect, it } from 'vitest';
import { selectBackend, type BackendSelection } from './select';

let made: BackendSelection | null = null;
afterEach(() => { made?.backend.dispose(); made = null; });

describe('selectBackend', () => {
  it('picks wasm SIMD with threads in Node and says so', async () => {
    made = await selectBackend('auto', { threads: 2 });
    expect(made.backend.name).toBe('wasm');
    expect(made.reason).toMatch(/^wasm SIMD.* with 2 threads$/);
    expect(made.available).toMatchObject({ wasmSimd: true, threads: true, crossOriginIsolated: null });
  });

  it('gives js when asked', async () => {
    made = await selectBackend('js');
    expect(made.backend.name).toBe('js');
    expect(made.reason).toBe('js, as asked');
  });

  it('explains a single thread when SharedArrayBuffer is missing', async () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const sab = g.SharedArrayBuffer;
    delete g.SharedArrayBuffer;
    try {
      made = await selectBackend('wasm', { threads: 2 });
    } finally {
      g.SharedArrayBuffer = sab;
    }
    expect(made.backend.name).toBe('wasm');
    expect(made.reason).toMatch(/^wasm SIMD.*, 1 thread: SharedArrayBuffer is missing$/);
    expect(made.available.threads).toBe(false);
  });

  it('falls back to js when WebAssembly SIMD does not validate', async () => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = () => false;
    try {
      made = await selectBackend('auto');
    } finally {
      WebAssembly.validate = validate;
    }
    expect(made.backend.name).toBe('js');
    expect(made.reason).toBe('js: this browser has no WebAssembly SIMD');
    expect(made.available.wasmSimd).toBe(false);
  });
});
