// WGSL for the elementwise kernels: fill, unary, scalar, binary (flat and broadcast) and the fused AdamW update.
// Each op is compiled into its own pipeline variant (the expression is pasted into the shader), as tfjs does with
// its unary/binary op programs. Formulas match backends/js/jsKernels.ts.
import type { BinaryOp, ScalarOp, UnaryOp } from '../../backend';
import { FLAT_WORKGROUP, GROUP_INDEX, SPECIAL_VALUES } from './common.wgsl';

const PRELUDE = SPECIAL_VALUES + GROUP_INDEX + /* wgsl */ `
const SQRT_2_OVER_PI = 0.7978845608028654;
// Built-in tanh may overflow inside exp for large |x|; tanh(±10) is ±1 in f32 already.
fn tanhSafe(x: f32) -> f32 { return select(tanh(x), sign(x), abs(x) > 10.0); }
// WGSL leaves log and sqrt of negative numbers (and log 0) undefined; js gives NaN (and -Infinity).
fn logJs(x: f32) -> f32 { return select(select(log(x), negInf(), x == 0.0), nanValue(), x < 0.0); }
fn sqrtJs(x: f32) -> f32 { return select(sqrt(x), nanValue(), x < 0.0); }
// exp that overflows to +Inf (some drivers saturate at the largest float instead).
fn expJs(x: f32) -> f32 { return select(exp(x), posInf(), x > 88.72284); }
// sin and cos to ~1e-7: WGSL allows 2^-11 absolute error (SwiftShader uses it). Reduce by π/2 in two parts
// (Cody–Waite: the parts have few enough bits that k·part is exact), then Taylor polynomials on [-π/4, π/4].
fn sinCosQuadrant(x: f32) -> vec3f {
  let k = round(x * 0.63661975);
  let r = ((x - k * 1.5703125) - k * 4.837512969970703e-4) - k * 7.549789954891882e-8;
  let r2 = r * r;
  let s = r + r * r2 * (-0.16666667 + r2 * (0.008333333 + r2 * (-0.0001984127 + r2 * 2.7557319e-6)));
  let c = 1.0 + r2 * (-0.5 + r2 * (0.041666668 + r2 * (-0.0013888889 + r2 * 2.4801587e-5)));
  let q = f32(((i32(k) % 4) + 4) % 4);
  return vec3f(s, c, q);
}
fn sinJs(x: f32) -> f32 {
  let v = sinCosQuadrant(x);
  return select(select(select(-v.y, -v.x, v.z == 2.0), v.y, v.z == 1.0), v.x, v.z == 0.0);
}
fn cosJs(x: f32) -> f32 {
  let v = sinCosQuadrant(x);
  return select(select(select(v.x, -v.y, v.z == 2.0), -v.x, v.z == 1.0), v.y, v.z == 0.0);
}
fn gelu(x: f32) -> f32 { return 0.5 * x * (1.0 + tanhSafe(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))); }
fn geluGrad(x: f32) -> f32 {
  let t = tanhSafe(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x));
  let du = SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * x * x);
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
}
// Math.pow: integer exponents of negative bases keep their sign; pow(x, 0) = 1 even for NaN.
fn powJs(x: f32, s: f32) -> f32 {
  if (s == 0.0) { return 1.0; }
  if (s == 1.0) { return x; }
  if (s == 2.0) { return x * x; }
  if (s == 0.5 && x >= 0.0) { return sqrt(x); }
  let isInteger = fract(s) == 0.0;
  let isOdd = isInteger && abs(s) % 2.0 == 1.0;
  let isNegative = (bitcast<u32>(x) & 0x80000000u) != 0u; // -0 included, as Math.pow(-0, -1) = -Infinity
  if (x < 0.0 && !isInteger) { return nanValue(); }
  if (x == 0.0) { return select(select(0.0, posInf(), s < 0.0), select(-0.0, -posInf(), s < 0.0), isNegative && isOdd); }
  let exponent = s * log2(abs(x));
  // exp2 of a huge exponent may saturate below +Inf on some drivers.
  let magnitude = select(exp2(exponent), posInf(), exponent >= 128.0);
  return select(magnitude, -magnitude, isNegative && isOdd);
}
`;

const FLAT_ENTRY = `@compute @workgroup_size(${FLAT_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = groupIndex(wid, nwg) * ${FLAT_WORKGROUP}u + lid.x;
  if (i >= u.count) { return; }`;

const UNARY: Record<UnaryOp, string> = {
  neg: '-x', exp: 'expJs(x)', log: 'logJs(x)', sqrt: 'sqrtJs(x)', rsqrt: '1.0 / sqrtJs(x)', tanh: 'tanhSafe(x)',
  relu: 'select(0.0, x, x > 0.0)', step: 'select(0.0, 1.0, x > 0.0)', abs: 'abs(x)', recip: '1.0 / x',
  square: 'x * x', sin: 'sinJs(x)', cos: 'cosJs(x)', gelu: 'gelu(x)', geluGrad: 'geluGrad(x)',
};

const BINARY: Record<BinaryOp, string> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', max: 'maxJs(a, b)', min: 'minJs(a, b)',
  gt: 'select(0.0, 1.0, a > b)',
};

const SCALAR: Record<ScalarOp, string> = {
  add: 'x + s', mul: 'x * s', pow: 'powJs(x, s)', max: 'maxJs(x, s)', min: 'minJs(x, s)', rsub: 's - x', rdiv: 's / x',
};

export const fillShader = (): string => PRELUDE + /* wgsl */ `
struct Params { count: u32, value: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${FLAT_ENTRY}
  y[i] = u.value;
}`;

export const unaryShader = (op: UnaryOp): string => PRELUDE + /* wgsl */ `
struct Params { count: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${FLAT_ENTRY}
  let x = xs[i];
  y[i] = ${UNARY[op]};
}`;

export const scalarShader = (op: ScalarOp): string => PRELUDE + /* wgsl */ `
struct Params { count: u32, s: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${FLAT_ENTRY}
  let x = xs[i];
  let s = u.s;
  y[i] = ${SCALAR[op]};
}`;

/** Flat binary op over equal contiguous operands. */
export const binaryFlatShader = (op: BinaryOp): string => PRELUDE + /* wgsl */ `
struct Params { count: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> aIn: array<f32>;
@group(0) @binding(2) var<storage, read> bIn: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
${FLAT_ENTRY}
  let a = aIn[i];
  let b = bIn[i];
  y[i] = ${BINARY[op]};
}`;

/** Broadcasting binary op: the output index is unravelled over shape (rank ≤ 8) and dotted with each stride set. */
export const binaryBroadcastShader = (op: BinaryOp): string => PRELUDE + /* wgsl */ `
struct Params { shape: array<vec4u, 2>, aStrides: array<vec4u, 2>, bStrides: array<vec4u, 2>, rank: u32, count: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> aIn: array<f32>;
@group(0) @binding(2) var<storage, read> bIn: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
${FLAT_ENTRY}
  var rest = i;
  var ia = 0u;
  var ib = 0u;
  for (var d = i32(u.rank) - 1; d >= 0; d--) {
    let dim = u.shape[d / 4][d % 4];
    let index = rest % dim;
    rest = rest / dim;
    ia += index * u.aStrides[d / 4][d % 4];
    ib += index * u.bStrides[d / 4][d % 4];
  }
  let a = aIn[ia];
  let b = bIn[ib];
  y[i] = ${BINARY[op]};
}`;

/** AdamW (PyTorch semantics); bias corrections and the decay factor come precomputed from the host. */
export const adamwShader = (): string => PRELUDE + /* wgsl */ `
struct Params { count: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, decay: f32, bc1: f32, bc2: f32, gradScale: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
${FLAT_ENTRY}
  let gi = g[i] * u.gradScale;
  let mi = u.beta1 * m[i] + (1.0 - u.beta1) * gi;
  let vi = u.beta2 * v[i] + (1.0 - u.beta2) * gi * gi;
  m[i] = mi;
  v[i] = vi;
  let mhat = mi / u.bc1;
  let vhat = vi / u.bc2;
  w[i] = w[i] * u.decay - (u.lr * mhat) / (sqrt(vhat) + u.eps);
}`;
