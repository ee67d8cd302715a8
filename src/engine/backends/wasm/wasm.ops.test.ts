// The ops of the engine (forward and backward through autograd) on wasm against the js backend in float32, on the
// cases the finite-difference gradient checks use (ops/ops.test.ts; those stay on js float64).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backward } from '../../autograd';
import { tidy, withBackend } from '../../runtime';
import { tensor, type Tensor } from '../../tensor';
import * as ops from '../../ops';
import type { Backend } from '../backend';
import { createJsBackend } from '../js/jsBackend';
import { compareOutputs } from '../conformance/harness';
import { randomValues } from '../../testing/gradCheck';
import { createWasmBackend } from './wasmBackend';
import { opCaseGroups, type OpFn } from '../../testing/opCases';


/** Output and input gradients (for a random upstream gradient) of f on one backend. */
function forwardBackward(backend: Backend, f: OpFn, inputs: { shape: number[]; values: number[] }[]): Float64Array[] {
  return withBackend(backend, () => tidy(() => {
    const xs = inputs.map(({ shape, values }) => {
      const t = tensor(values, shape);
      t.requiresGrad = true;
      return t;
    });
    const out = f(...xs);
    const probe = tensor(randomValues(out.size, 99), out.shape);
    backward(out, probe);
    const results = [Float64Array.from(out.toArray())];
    for (const x of xs) results.push(x.grad ? Float64Array.from(x.grad.toArray()) : new Float64Array(x.size));
    for (const x of xs) x.grad?.dispose();
    return results;
  }));
}

const js = createJsBackend('float32');
const configs = [{ name: '1 thread', threads: 1 }, { name: '2 threads splitting every call', threads: 2, threadMinWork: 0 }];

for (const config of configs) {
  describe(`ops forward and backward on wasm (${config.name}) equal js float32`, () => {
    let wasm: Backend;
    beforeAll(async () => { wasm = await createWasmBackend(config); });
    afterAll(() => wasm.dispose());

    const check = (f: OpFn, shapes: number[][], { positive = false } = {}) => {
      const inputs = shapes.map((shape, k) => {
        const n = shape.reduce((p, d) => p * d, 1);
        return { shape, values: randomValues(n, 1 + k * 17).map((v) => (positive ? Math.abs(v) + 0.5 : v)) };
      });
      const report = compareOutputs(forwardBackward(js, f, inputs), forwardBackward(wasm, f, inputs), { rtol: 1e-5, atol: 1e-6 }, null);
      expect(report).toBe('');
    };

    it('attention\'s q, k, v gradient is whole in a recycled buffer that held NaN (coversOut skips only its zeroing)', () => {
      const poison = () => withBackend(wasm, () => {
        for (let i = 0; i < 8; i++) tensor(new Array(2 * 5 * 9).fill(NaN), [2, 5, 9]).dispose();
      });
      for (const f of [(x: Tensor) => ops.headAttention(x, 3, 0.6, true), (x: Tensor) => ops.headScores(x, 3)]) {
        poison();
        check(f, [[2, 5, 9]]);
      }
    });

    for (const [group, cases] of Object.entries(opCaseGroups)) {
      it(group, () => {
        for (const c of cases()) check(c.f, c.shapes, { positive: c.positive });
      });
    }
  });
}
