// Conformance cases for the elementwise kernels and reductions: every UnaryOp, ScalarOp, BinaryOp and ReduceOp on
// awkward sizes, special values (NaN, ±Infinity, ±0, overflow and underflow of exp) and broadcast plans of rank 1–6.
import type { BinaryOp, BroadcastPlan, ReduceOp, ScalarOp, UnaryOp } from '../backend';
import { broadcastPlan } from '../../util/shape';
import { normalCdf, normalPdf } from '../../util/normal';
import { awkwardSizes, randomValues, specialValues, type KernelCase } from './harness';

export const unaryOps: readonly UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'rsqrt', 'tanh', 'relu', 'step', 'abs',
  'recip', 'square', 'sin', 'cos', 'gelu', 'geluGrad', 'geluTanh', 'geluTanhGrad'];
export const binaryOps: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'gt'];
export const scalarOps: readonly ScalarOp[] = ['add', 'mul', 'pow', 'max', 'min', 'rsub', 'rdiv'];
export const reduceOps: readonly ReduceOp[] = ['sum', 'max'];

export function fillCases(): KernelCase[] {
  return [0, 1, 3, 17, 65, 1030].flatMap((n) => [0.25, -3, NaN, -Infinity].map((value) => ({
    label: `fill ${n} with ${value}`,
    inputs: [],
    outputs: [randomValues(n, n)],
    run: (k, _i, [out]) => k.fill(out, value),
  })));
}

/**
 * Sizes of the terms of tanh GELU = 0.5x(1 + tanh u) and of its derivative 0.5(1 + tanh u) + 0.5x(1 − tanh²u)u′. For
 * x ≪ 0, 1 + tanh u cancels (the js spec loses digits there, even in double), so slack is relative to those terms.
 */
function geluTanhTerms(op: UnaryOp, x: number): number {
  const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3), t = Math.abs(Math.tanh(u));
  if (op === 'geluTanh') return 0.5 * Math.abs(x) * (1 + t);
  return 0.5 * (1 + t) + Math.abs(0.5 * x * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x));
}

/**
 * Sizes of the terms of exact GELU = x·Φ(x) and of its derivative Φ(x) + x·φ(x), times 1 + x²/2: an f32 kernel
 * rounds the exponent −x²/2 of e^{−x²/2}, a relative error of up to x²/2 units in the last place of the result.
 */
function geluTerms(op: UnaryOp, x: number): number {
  const growth = 1 + 0.5 * x * x;
  if (op === 'gelu') return Math.abs(x) * normalCdf(x) * growth;
  return (normalCdf(x) + Math.abs(x) * normalPdf(x)) * growth;
}

export function termsOf(op: UnaryOp): ((x: number) => number) | null {
  if (op === 'gelu' || op === 'geluGrad') return (x) => geluTerms(op, x);
  if (op === 'geluTanh' || op === 'geluTanhGrad') return (x) => geluTanhTerms(op, x);
  return null;
}

export function unaryCases(op: UnaryOp): KernelCase[] {
  const terms = termsOf(op);
  const unaryCase = (label: string, x: readonly number[]): KernelCase => ({
    label: `unary ${op} ${label}`,
    inputs: [x],
    outputs: [x.length],
    run: (k, [v], [out]) => k.unary(op, v, out),
    scale: terms ? [x.map(terms)] : undefined,
  });
  const cases = awkwardSizes.concat([1030]).map((n) => unaryCase(`(${n} values)`, randomValues(n, 11 + n, 3)));
  cases.push(unaryCase('of special values', [...specialValues]));
  // A dense sweep through the ranges where fast approximations switch formulas.
  cases.push(unaryCase('on -10..10', Array.from({ length: 801 }, (_, i) => (i - 400) / 40)));
  return cases;
}

export function scalarCases(op: ScalarOp): KernelCase[] {
  const scalars = op === 'pow' ? [2, 0.5, -1.5, 3, 0] : [2.5, -0.75, 0, -Infinity, NaN];
  return scalars.flatMap((s) => [
    ...[1, 17, 65].map((n) => ({
      label: `scalar ${op} ${s} (${n} values)`,
      inputs: [randomValues(n, 5 + n, 2)],
      outputs: [n],
      run: (k, [x], [out]) => k.scalar(op, x, s, out),
    } satisfies KernelCase)),
    {
      label: `scalar ${op} ${s} of special values`,
      inputs: [specialValues],
      outputs: [specialValues.length],
      run: (k, [x], [out]) => k.scalar(op, x, s, out),
    },
  ]);
}

function planCase(op: BinaryOp, label: string, plan: BroadcastPlan, aSize: number, bSize: number, seed: number): KernelCase {
  const total = plan.outShape.reduce((p, d) => p * d, 1);
  return {
    label: `binary ${op} ${label}`,
    inputs: [randomValues(aSize, seed, 2), randomValues(bSize, seed + 1, 2)],
    outputs: [total],
    run: (k, [a, b], [out]) => k.binary(op, a, b, out, plan),
  };
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Shape pairs that broadcast, from plain same-shape to rank 6 with repeats on both sides and empty axes. */
const broadcastShapes: readonly [number[], number[]][] = [
  [[17], [17]], [[65], [1]], [[1], [129]], [[3, 5], [5]], [[3, 5], [3, 1]], [[2, 3, 4], [4]], [[2, 1, 4], [3, 1]],
  [[5, 1], [1, 7]], [[4, 6, 129], [6, 1]], [[2, 1, 3, 1], [1, 2, 1, 5]], [[2, 2, 1, 3, 1], [2, 1, 3, 1, 4]],
  [[2, 1, 3, 1, 2, 3], [1, 2, 1, 2, 1, 3]], [[2, 3, 1, 2, 2, 5], [3, 4, 1, 1, 5]], [[0, 3], [3]], [[4, 0], [4, 1]],
];

export function binaryCases(op: BinaryOp): KernelCase[] {
  const cases = broadcastShapes.map(([a, b], i) =>
    planCase(op, `(${a}) with (${b})`, broadcastPlan(a, b), size(a), size(b), 100 + i));
  // A transposed operand: b read with swapped strides, which no shape pair produces.
  cases.push(planCase(op, 'with a transposed operand', { outShape: [5, 7], aStrides: [7, 1], bStrides: [1, 5] }, 35, 35, 7));
  // Every pair of special values, elementwise.
  const a = specialValues.flatMap((x) => specialValues.map(() => x));
  const b = specialValues.flatMap(() => specialValues);
  cases.push({
    label: `binary ${op} of special value pairs`,
    inputs: [a, b],
    outputs: [a.length],
    run: (k, [x, y], [out]) => k.binary(op, x, y, out, { outShape: [a.length], aStrides: [1], bStrides: [1] }),
  });
  return cases;
}

export function reduceCases(op: ReduceOp): KernelCase[] {
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 17, 1], [2, 5, 7], [1, 65, 129], [4, 129, 3], [1, 300, 1],
    [65, 1, 5], [4, 0, 3], [0, 3, 2], [3, 2, 0]];
  const cases: KernelCase[] = shapes.map(([outer, n, inner], i) => {
    const x = randomValues(outer * n * inner, 200 + i);
    const absCase: KernelCase = {
      label: 'scale', inputs: [x.map(Math.abs)], outputs: [outer * inner],
      run: (k, [v], [out]) => k.reduce('sum', v, out, outer, n, inner),
    };
    return {
      label: `reduce ${op} (${outer}, ${n}, ${inner})`,
      inputs: [x],
      outputs: [randomValues(outer * inner, 7)],
      run: (k, [v], [out]) => k.reduce(op, v, out, outer, n, inner),
      scale: op === 'sum' ? absCase : undefined,
    };
  });
  // Special values down the reduced axis: NaN poisons, ±Infinity wins (or makes NaN), -0 and 0 tie.
  const rows = specialValues.length;
  cases.push({
    label: `reduce ${op} over special values`,
    inputs: [specialValues.flatMap((v) => [v, 1, -2, v])],
    outputs: [rows],
    run: (k, [v], [out]) => k.reduce(op, v, out, rows, 4, 1),
  });
  cases.push({
    label: `reduce ${op} with special values across columns`,
    inputs: [[...specialValues, ...specialValues.map((v) => -v)]],
    outputs: [rows],
    run: (k, [v], [out]) => k.reduce(op, v, out, 1, 2, rows),
  });
  return cases;
}
