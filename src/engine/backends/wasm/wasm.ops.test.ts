// The ops of the engine (forward and backward through autograd) on wasm against the js backend in float32, on the
// cases the finite-difference gradient checks use (ops/ops.test.ts; those stay on js float64).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ops from '../../ops';
import { backward } from '../../autograd';
import { tidy, withBackend } from '../../runtime';
import { tensor, type Tensor } from '../../tensor';
import type { Backend } from '../backend';
import { createJsBackend } from '../js/jsBackend';
import { compareOutputs } from '../conformance/harness';
import { randomValues } from '../../testing/gradCheck';
import { createWasmBackend } from './wasmBackend';

type OpFn = (...xs: Tensor[]) => Tensor;

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

    it('unary ops', () => {
      for (const f of [ops.neg, ops.exp, ops.tanh, ops.gelu, ops.square, ops.sin, ops.cos, ops.relu, ops.abs]) check(f, [[3, 4]]);
      for (const f of [ops.log, ops.sqrt, ops.rsqrt, ops.reciprocal]) check(f, [[3, 4]], { positive: true });
    });
    it('scalar ops', () => {
      check((x) => ops.addScalar(x, 2), [[5]]);
      check((x) => ops.mulScalar(x, -3), [[5]]);
      check((x) => ops.rsubScalar(x, 1), [[5]]);
      check((x) => ops.powScalar(x, 1.5), [[5]], { positive: true });
      check((x) => ops.maxScalar(x, 0.1), [[7]]);
    });
    it('binary ops with broadcasting', () => {
      for (const f of [ops.add, ops.sub, ops.mul, ops.maximum]) {
        check(f, [[2, 3, 4], [2, 3, 4]]);
        check(f, [[2, 3, 4], [4]]);
        check(f, [[2, 1, 4], [3, 1]]);
      }
      check(ops.div, [[2, 3], [2, 3]], { positive: true });
      check(ops.div, [[2, 3], [3]], { positive: true });
    });
    it('reductions', () => {
      check((x) => ops.sum(x, 1), [[2, 3, 4]]);
      check((x) => ops.sum(x, -1, true), [[2, 3, 4]]);
      check((x) => ops.sum(x), [[2, 3]]);
      check((x) => ops.mean(x, 0), [[3, 5]]);
      check((x) => ops.max(x, 1), [[3, 5]]);
    });
    it('movement', () => {
      check((x) => ops.reshape(x, [4, 6]), [[2, 3, 4]]);
      check((x) => ops.permute(x, [2, 0, 1]), [[2, 3, 4]]);
      check((x) => ops.transpose(x), [[2, 3, 4]]);
      check((x) => ops.expand(x, [2, 3, 4]), [[3, 1]]);
      check((x) => ops.slice(x, 1, 1, 3), [[2, 4, 3]]);
      check((a, b) => ops.concat([a, b], 1), [[2, 2, 3], [2, 1, 3]]);
      check((x) => ops.split(x, [1, 2], 0)[1], [[3, 2]]);
    });
    it('matmul with every transpose, batches and a shared B', () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          check((x, y) => ops.matmul(x, y, { transA, transB }), [transA ? [2, 4, 3] : [2, 3, 4], transB ? [2, 5, 4] : [2, 4, 5]]);
        }
      }
      check((x, y) => ops.matmul(x, y), [[2, 3, 4], [4, 5]]);
      check((x, y) => ops.matmul(x, y, { transB: true }), [[2, 3, 4], [5, 4]]);
      check((x, w, b) => ops.linear(x, w, b), [[2, 3, 4], [5, 4], [5]]);
    });
    it('fused transformer ops', () => {
      check(ops.softmax, [[3, 5]]);
      check(ops.logSoftmax, [[3, 5]]);
      check((x, w, b) => ops.layerNorm(x, w, b), [[3, 6], [6], [6]]);
      check((x, w) => ops.layerNorm(x, w, null), [[3, 6], [6]]);
      check((table) => ops.embedding(tensor([1, 0, 1, 3], [2, 2]), table), [[4, 3]]);
      check((logits) => ops.crossEntropy(logits, tensor([2, -1, 0, 4], [4])), [[4, 5]]);
    });
    it('composite forms', () => {
      check(ops.softmaxComposite, [[3, 5]]);
      check(ops.geluComposite, [[7]]);
      check((x, w, b) => ops.layerNormComposite(x, w, b), [[3, 6], [6], [6]]);
    });
  });
}
