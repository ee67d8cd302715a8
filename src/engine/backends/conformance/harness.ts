// The conformance harness: runs one kernel call on the backend under test and on the js spec with the same inputs,
// reads every output back with readAsync (so webgpu can use it too) and compares element by element: NaN with NaN,
// ±Infinity exactly, finite values within atol + rtol·(|expected| + scale), where scale, when a case gives one,
// bounds the size of the terms summed into that element (a GEMM's |A|·|B|), since rounding grows with it.
import { expect } from 'vitest';
import type { Backend, DeviceBuffer, Kernels } from '../backend';
import { Rng } from '../../util/rng';

export interface ConformanceTolerance {
  /** Relative tolerance, about a few units in the last place of the backend's precision. */
  rtol: number;
  /** Absolute floor, for results near zero (and subnormals a backend may flush). */
  atol: number;
  /**
   * The backend flushes subnormal f32 inputs to zero, as WGSL allows and GPUs do (webgpu): the reference then sees
   * them as signed zeros, so −∞·1e-40 is compared with −∞·0 = NaN rather than with −∞.
   */
  flushesSubnormals?: boolean;
}

const SMALLEST_NORMAL_F32 = 2 ** -126;

/** The case with every subnormal (in f32) input value replaced by a zero of the same sign. */
function withSubnormalsFlushed(c: KernelCase): KernelCase {
  const flush = (values: ArrayLike<number>) => Array.from(values, (v) => {
    const f = Math.fround(v);
    return f !== 0 && Math.abs(f) < SMALLEST_NORMAL_F32 ? (f < 0 ? -0 : 0) : v;
  });
  return { ...c, inputs: c.inputs.map(flush), outputs: c.outputs.map((o) => (typeof o === 'number' ? o : flush(o))) };
}

export interface KernelCase {
  readonly label: string;
  /** Input values, written to fresh buffers on both backends. */
  readonly inputs: readonly ArrayLike<number>[];
  /** Outputs: a size (zero-filled) or initial values (kernels that accumulate, or to catch unwritten elements). */
  readonly outputs: readonly (number | ArrayLike<number>)[];
  readonly run: (k: Kernels, inputs: DeviceBuffer[], outputs: DeviceBuffer[]) => void;
  /**
   * Per output element, the magnitude of the terms that were added or subtracted to make it (where cancellation can
   * leave a small result with a large absolute rounding error): given directly, or as the same computation on |inputs|
   * run on the reference (a GEMM on |A|, |B|).
   */
  readonly scale?: KernelCase | readonly ArrayLike<number>[];
}

async function runOn(backend: Backend, c: KernelCase): Promise<Float64Array[]> {
  const made: DeviceBuffer[] = [];
  const make = (values: ArrayLike<number>) => {
    const buf = backend.alloc(values.length);
    made.push(buf);
    if (values.length > 0) backend.write(buf, values);
    return buf;
  };
  try {
    const inputs = c.inputs.map(make);
    const outputs = c.outputs.map((o) => {
      if (typeof o !== 'number') return make(o);
      // A block freed with NaN in it first: a backend that recycles memory must still hand out zeros.
      if (o > 0) {
        backend.free(make(new Array<number>(o).fill(NaN)));
        made.pop();
      }
      const buf = backend.alloc(o);
      made.push(buf);
      return buf;
    });
    c.run(backend.kernels, inputs, outputs);
    await backend.flush();
    const results: Float64Array[] = [];
    for (const b of outputs) results.push(Float64Array.from(await backend.readAsync(b)));
    return results;
  } finally {
    for (const b of made) backend.free(b);
  }
}

function describeValue(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A line per disagreeing output (its worst element and how many disagree), or '' when all agree. */
export function compareOutputs(expected: Float64Array[], actual: Float64Array[], tol: ConformanceTolerance,
  scale: Float64Array[] | null): string {
  // A non-finite scale (a term was ±Infinity or NaN) gives no slack: such elements are compared as they are.
  const slack = (o: number, i: number) => (scale && Number.isFinite(scale[o]?.[i]) ? Math.abs(scale[o][i]) : 0);
  const lines: string[] = [];
  expected.forEach((e, o) => {
    const a = actual[o];
    if (a.length !== e.length) {
      lines.push(`output ${o}: ${a.length} values, expected ${e.length}`);
      return;
    }
    let bad = 0, worst = -1, worstExcess = -Infinity;
    for (let i = 0; i < e.length; i++) {
      let excess: number;
      if (Number.isNaN(e[i]) || Number.isNaN(a[i])) excess = Number.isNaN(e[i]) && Number.isNaN(a[i]) ? -1 : Infinity;
      else if (!Number.isFinite(e[i]) || !Number.isFinite(a[i])) excess = e[i] === a[i] ? -1 : Infinity;
      else excess = Math.abs(a[i] - e[i]) - (tol.atol + tol.rtol * (Math.abs(e[i]) + slack(o, i)));
      if (excess > 0) bad++;
      if (excess > worstExcess) { worstExcess = excess; worst = i; }
    }
    if (bad > 0) {
      lines.push(`output ${o}: ${bad} of ${e.length} differ; worst [${worst}] = ${describeValue(a[worst])}, ` +
        `expected ${describeValue(e[worst])}`);
    }
  });
  return lines.join('\n');
}

/** The backend under test next to the js reference of the same precision. */
export class ConformancePair {
  constructor(readonly test: Backend, readonly ref: Backend, readonly tol: ConformanceTolerance) {}

  /** Runs the case on both and expects every output to agree. */
  async check(c: KernelCase): Promise<void> {
    const expected = await runOn(this.ref, this.tol.flushesSubnormals ? withSubnormalsFlushed(c) : c);
    const actual = await runOn(this.test, c);
    const scale = !c.scale ? null : 'run' in c.scale ? await runOn(this.ref, c.scale) : c.scale.map((v) => Float64Array.from(v));
    const report = compareOutputs(expected, actual, this.tol, scale);
    expect(report, `${c.label} on ${this.test.name}`).toBe('');
  }

  async checkAll(cases: Iterable<KernelCase>): Promise<void> {
    for (const c of cases) await this.check(c);
  }

  /** Inputs the spec rejects: both backends must throw a RangeError. */
  async checkRejected(c: KernelCase): Promise<void> {
    await expect(runOn(this.ref, c), `${c.label} on js`).rejects.toThrow(RangeError);
    await expect(runOn(this.test, c), `${c.label} on ${this.test.name}`).rejects.toThrow(RangeError);
  }
}

/** Seeded normal(0, scale) values. */
export function randomValues(n: number, seed: number, scale = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.normal() * scale);
}

/** Values that break careless kernels: signed zeros, infinities, NaN, the edges of exp's range, subnormals. */
export const specialValues: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 2, -3, 1e-30, -1e-30, 1e-40, -1e-40, 1e20, -1e20, 88, 88.7, 89, -87, -100, -104, -110,
  0.6, 0.62, 0.63, 0.7, -0.62, 10, -10, 30, -30, 100, -100, Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 1e-7, 7e-3,
];

/** Sizes that are not multiples of the vector widths (4, 8, 16) around them, and zero. */
export const awkwardSizes: readonly number[] = [0, 1, 3, 4, 5, 17, 63, 65, 129];
