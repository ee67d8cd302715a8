// Runs one kernel call on the webgpu backend and on the js spec with the same inputs and compares every output.
// Used by the webgpu kernel tests until (and alongside) the shared conformance suite.
import type { Backend, DeviceBuffer, Kernels } from '../../backend';
import { createJsBackend } from '../../js/jsBackend';
import { Rng } from '../../../util/rng';

export interface KernelCase {
  /** Input values, written to fresh buffers on both backends. */
  readonly inputs: readonly ArrayLike<number>[];
  /** Outputs: a size (zero-filled) or initial values (for kernels that accumulate). */
  readonly outputs: readonly (number | ArrayLike<number>)[];
  readonly run: (k: Kernels, inputs: DeviceBuffer[], outputs: DeviceBuffer[]) => void;
}

export interface Mismatch {
  readonly output: number;
  readonly index: number;
  readonly expected: number;
  readonly actual: number;
}

const jsSpec = createJsBackend('float32');

async function runOn(backend: Backend, c: KernelCase): Promise<Float32Array[]> {
  const make = (values: ArrayLike<number>) => {
    const buf = backend.alloc(values.length);
    if (values.length > 0) backend.write(buf, values);
    return buf;
  };
  const inputs = c.inputs.map(make);
  const outputs = c.outputs.map((o) => (typeof o === 'number' ? backend.alloc(o) : make(o)));
  c.run(backend.kernels, inputs, outputs);
  const results = await Promise.all(outputs.map((b) => backend.readAsync(b)));
  for (const b of [...inputs, ...outputs]) backend.free(b);
  return results.map((r) => Float32Array.from(r));
}

/** Worst mismatch between the backend and js: |a − e| > atol + rtol·|e|, or NaN/±Inf that disagree. */
export async function compareWithJs(backend: Backend, c: KernelCase, atol = 1e-5, rtol = 1e-4): Promise<Mismatch | null> {
  const [expected, actual] = [await runOn(jsSpec, c), await runOn(backend, c)];
  let worst: Mismatch | null = null;
  let worstExcess = 0;
  expected.forEach((e, o) => {
    if (actual[o].length !== e.length) throw new Error(`output ${o}: ${actual[o].length} values, expected ${e.length}`);
    for (let i = 0; i < e.length; i++) {
      const a = actual[o][i];
      const isFinitePair = Number.isFinite(e[i]) && Number.isFinite(a);
      const agrees = isFinitePair ? Math.abs(a - e[i]) <= atol + rtol * Math.abs(e[i]) : Object.is(a, e[i]) || (a === e[i]);
      const excess = isFinitePair ? Math.abs(a - e[i]) - (atol + rtol * Math.abs(e[i])) : Infinity;
      if (!agrees && excess > worstExcess) {
        worstExcess = excess;
        worst = { output: o, index: i, expected: e[i], actual: a };
      }
    }
  });
  return worst;
}

/** Seeded values: normal(0, scale). */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}
