// Elementwise kernels over contiguous floats: fill, unary, scalar and same-shape binary ops. Every op is written once
// as a function of one f32x4 and inlined into its own loop; the loop tail reuses it on a partial vector. NaN, ±0 and
// ±Infinity follow the js backend (backends/js/jsKernels.ts): max/min return a NaN operand, relu(NaN) = 0.
import { exp4, gelu4, geluGrad4, geluTanh4, geluTanhGrad4, tanh4 } from './simdMath';
import { loadPartial, shareStart, storePartial } from './lanes';

// Op codes, in the order of UnaryOp / BinaryOp / ScalarOp in backend.ts (wasmOps.ts holds the same lists).
export const enum Unary { Neg, Exp, Log, Sqrt, Rsqrt, Tanh, Relu, Step, Abs, Recip, Square, Sin, Cos, Gelu, GeluGrad, GeluTanh,
  GeluTanhGrad }
export const enum Binary { Add, Sub, Mul, Div, Max, Min, Gt }
export const enum Scalar { Add, Mul, Pow, Max, Min, Rsub, Rdiv }

// @ts-ignore: decorator
@inline function f64Op(op: i32, x: f32, s: f64): f32 {
  if (op == 0) return <f32>Math.log(x);
  if (op == 1) return <f32>Math.sin(x);
  if (op == 2) return <f32>Math.cos(x);
  return <f32>Math.pow(x, s);
}

/** Applies a scalar f64 function lane by lane: rare ops whose js result is Math.* in double, rounded. */
// @ts-ignore: decorator
@inline function perLane(op: i32, v: v128, s: f64): v128 {
  let r = f32x4.splat(f64Op(op, f32x4.extract_lane(v, 0), s));
  r = f32x4.replace_lane(r, 1, f64Op(op, f32x4.extract_lane(v, 1), s));
  r = f32x4.replace_lane(r, 2, f64Op(op, f32x4.extract_lane(v, 2), s));
  return f32x4.replace_lane(r, 3, f64Op(op, f32x4.extract_lane(v, 3), s));
}

/** max as the js backend defines it: a when a ≥ b or a is NaN, else b. */
// @ts-ignore: decorator
@inline export function jsMax(a: v128, b: v128): v128 {
  return v128.bitselect(a, b, v128.or(f32x4.ge(a, b), f32x4.ne(a, a)));
}

// @ts-ignore: decorator
@inline export function jsMin(a: v128, b: v128): v128 {
  return v128.bitselect(a, b, v128.or(f32x4.le(a, b), f32x4.ne(a, a)));
}

// @ts-ignore: decorator
@inline function unaryVec(op: i32, x: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  switch (op) {
    case Unary.Neg: return f32x4.neg(x);
    case Unary.Exp: return exp4(x);
    case Unary.Log: return perLane(0, x, 0);
    case Unary.Sqrt: return f32x4.sqrt(x);
    case Unary.Rsqrt: return f32x4.div(one, f32x4.sqrt(x));
    case Unary.Tanh: return tanh4(x);
    case Unary.Relu: return v128.and(x, f32x4.gt(x, zero));
    case Unary.Step: return v128.and(one, f32x4.gt(x, zero));
    case Unary.Abs: return f32x4.abs(x);
    case Unary.Recip: return f32x4.div(one, x);
    case Unary.Square: return f32x4.mul(x, x);
    case Unary.Sin: return perLane(1, x, 0);
    case Unary.Cos: return perLane(2, x, 0);
    case Unary.Gelu: return gelu4(x);
    case Unary.GeluGrad: return geluGrad4(x);
    case Unary.GeluTanh: return geluTanh4(x);
    default: return geluTanhGrad4(x);
  }
}

// @ts-ignore: decorator
@inline export function binaryVec(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case Binary.Add: return f32x4.add(a, b);
    case Binary.Sub: return f32x4.sub(a, b);
    case Binary.Mul: return f32x4.mul(a, b);
    case Binary.Div: return f32x4.div(a, b);
    case Binary.Max: return jsMax(a, b);
    case Binary.Min: return jsMin(a, b);
    default: return v128.and(f32x4.splat(1), f32x4.gt(a, b));
  }
}

// @ts-ignore: decorator
@inline function scalarVec(op: i32, x: v128, s: f64): v128 {
  const sv = f32x4.splat(<f32>s);
  switch (op) {
    case Scalar.Add: return f32x4.add(x, sv);
    case Scalar.Mul: return f32x4.mul(x, sv);
    case Scalar.Pow: return perLane(3, x, s);
    case Scalar.Max: return jsMax(x, sv);
    case Scalar.Min: return jsMin(x, sv);
    case Scalar.Rsub: return f32x4.sub(sv, x);
    default: return f32x4.div(sv, x);
  }
}

// Each loop is inlined once per op code so the switch above folds away.
// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 4 <= end; i += 4) v128.store(out + (<usize>i << 2), unaryVec(op, v128.load(x + (<usize>i << 2))));
  if (i < end) storePartial(out + (<usize>i << 2), unaryVec(op, loadPartial(x + (<usize>i << 2), end - i)), end - i);
}

// @ts-ignore: decorator
@inline function scalarLoop(op: i32, x: usize, s: f64, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 4 <= end; i += 4) v128.store(out + (<usize>i << 2), scalarVec(op, v128.load(x + (<usize>i << 2)), s));
  if (i < end) storePartial(out + (<usize>i << 2), scalarVec(op, loadPartial(x + (<usize>i << 2), end - i), s), end - i);
}

// @ts-ignore: decorator
@inline export function binaryLoop(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, binaryVec(op, v128.load(a + o), v128.load(b + o)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    storePartial(out + o, binaryVec(op, loadPartial(a + o, n - i), loadPartial(b + o, n - i)), n - i);
  }
}

export function fill(out: usize, n: i32, value: f32, part: i32, parts: i32): void {
  const start = shareStart(n, part, parts, 4), end = shareStart(n, part + 1, parts, 4);
  const v = f32x4.splat(value);
  let i = start;
  for (; i + 4 <= end; i += 4) v128.store(out + (<usize>i << 2), v);
  for (; i < end; i++) store<f32>(out + (<usize>i << 2), value);
}

export function unary(op: i32, x: usize, out: usize, n: i32, part: i32, parts: i32): void {
  const start = shareStart(n, part, parts, 4), end = shareStart(n, part + 1, parts, 4);
  switch (op) {
    case Unary.Neg: unaryLoop(Unary.Neg, x, out, start, end); break;
    case Unary.Exp: unaryLoop(Unary.Exp, x, out, start, end); break;
    case Unary.Log: unaryLoop(Unary.Log, x, out, start, end); break;
    case Unary.Sqrt: unaryLoop(Unary.Sqrt, x, out, start, end); break;
    case Unary.Rsqrt: unaryLoop(Unary.Rsqrt, x, out, start, end); break;
    case Unary.Tanh: unaryLoop(Unary.Tanh, x, out, start, end); break;
    case Unary.Relu: unaryLoop(Unary.Relu, x, out, start, end); break;
    case Unary.Step: unaryLoop(Unary.Step, x, out, start, end); break;
    case Unary.Abs: unaryLoop(Unary.Abs, x, out, start, end); break;
    case Unary.Recip: unaryLoop(Unary.Recip, x, out, start, end); break;
    case Unary.Square: unaryLoop(Unary.Square, x, out, start, end); break;
    case Unary.Sin: unaryLoop(Unary.Sin, x, out, start, end); break;
    case Unary.Cos: unaryLoop(Unary.Cos, x, out, start, end); break;
    case Unary.Gelu: unaryLoop(Unary.Gelu, x, out, start, end); break;
    case Unary.GeluGrad: unaryLoop(Unary.GeluGrad, x, out, start, end); break;
    case Unary.GeluTanh: unaryLoop(Unary.GeluTanh, x, out, start, end); break;
    default: unaryLoop(Unary.GeluTanhGrad, x, out, start, end);
  }
}

export function scalar(op: i32, x: usize, s: f64, out: usize, n: i32, part: i32, parts: i32): void {
  const start = shareStart(n, part, parts, 4), end = shareStart(n, part + 1, parts, 4);
  switch (op) {
    case Scalar.Add: scalarLoop(Scalar.Add, x, s, out, start, end); break;
    case Scalar.Mul: scalarLoop(Scalar.Mul, x, s, out, start, end); break;
    case Scalar.Pow: scalarLoop(Scalar.Pow, x, s, out, start, end); break;
    case Scalar.Max: scalarLoop(Scalar.Max, x, s, out, start, end); break;
    case Scalar.Min: scalarLoop(Scalar.Min, x, s, out, start, end); break;
    case Scalar.Rsub: scalarLoop(Scalar.Rsub, x, s, out, start, end); break;
    default: scalarLoop(Scalar.Rdiv, x, s, out, start, end);
  }
}

/** out = a op b over n contiguous floats (the broadcast plan's flat fast path). */
export function binary(op: i32, a: usize, b: usize, out: usize, n: i32, part: i32, parts: i32): void {
  const start = shareStart(n, part, parts, 4), end = shareStart(n, part + 1, parts, 4);
  const o = <usize>start << 2, len = end - start;
  switch (op) {
    case Binary.Add: binaryLoop(Binary.Add, a + o, b + o, out + o, len); break;
    case Binary.Sub: binaryLoop(Binary.Sub, a + o, b + o, out + o, len); break;
    case Binary.Mul: binaryLoop(Binary.Mul, a + o, b + o, out + o, len); break;
    case Binary.Div: binaryLoop(Binary.Div, a + o, b + o, out + o, len); break;
    case Binary.Max: binaryLoop(Binary.Max, a + o, b + o, out + o, len); break;
    case Binary.Min: binaryLoop(Binary.Min, a + o, b + o, out + o, len); break;
    default: binaryLoop(Binary.Gt, a + o, b + o, out + o, len);
  }
}
