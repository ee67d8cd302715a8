// WGSL for the elementwise kernels: fill, unary, scalar, binary (flat and broadcast) and the fused AdamW update.
// Each op is compiled into its own pipeline variant (the expression is pasted into the shader), as tfjs does with
// its unary/binary op programs. Formulas match backends/js/jsKernels.ts.
import type { BinaryOp, ScalarOp, UnaryOp } from '../../backend';
import { FLAT_WORKGROUP, GROUP_INDEX, SPECIAL_VALUES } from './common.wgsl';

const PRELUDE = SPECIAL_VALUES + GROUP_INDEX + /* wgsl */ `
const SQRT_2_OVER_PI = 0.7978845608028654;
// Built-in tanh may overflow inside exp for large |x|; tanh(±10) is ±1 in f32 already.
fn tanhSafe(x: f32) -> f32 { return select(tanh(x), sign(x), abs(x) > 10.0); }
// Reduce to [-π, π] first: WGSL only bounds sin/cos error there.
fn reduceAngle(x: f32) -> f32 { return x - 6.2831855 * round(x * 0.15915494); }
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
  if (x < 0.0 && !isInteger) { return nanValue(); }
  let magnitude = exp2(s * log2(abs(x)));
  let isOdd = isInteger && abs(s) % 2.0 == 1.0;
  return select(magnitude, -magnitude, x < 0.0 && isOdd);
}
`;

const FLAT_ENTRY = `@compute @workgroup_size(${FLAT_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = groupIndex(wid, nwg) * ${FLAT_WORKGROUP}u + lid.x;
  if (i >= u.count) { return; }`;

const UNARY: Record<UnaryOp, string> = {
  neg: '-x', exp: 'exp(x)', log: 'log(x)', sqrt: 'sqrt(x)', rsqrt: '1.0 / sqrt(x)', tanh: 'tanhSafe(x)',
  relu: 'select(0.0, x, x > 0.0)', step: 'select(0.0, 1.0, x > 0.0)', abs: 'abs(x)', recip: '1.0 / x',
  square: 'x * x', sin: 'sin(reduceAngle(x))', cos: 'cos(reduceAngle(x))', gelu: 'gelu(x)', geluGrad: 'geluGrad(x)',
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
