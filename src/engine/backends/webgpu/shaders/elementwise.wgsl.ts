// WGSL for the elementwise kernels: fill, unary, scalar, binary (flat and broadcast) and the fused AdamW update.
// Each op is compiled into its own pipeline variant (the expression is pasted into the shader), as tfjs does with
// its unary/binary op programs. Formulas match backends/js/jsKernels.ts (math.wgsl.ts where WGSL's built-ins differ).
import type { BinaryOp, GeluVariant, ScalarOp, UnaryOp } from '../../backend';
import { FLAT_WORKGROUP, GROUP_INDEX } from './common.wgsl';
import { MATH } from './math.wgsl';

const PRELUDE = MATH + GROUP_INDEX;

const FLAT_ENTRY = `@compute @workgroup_size(${FLAT_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = groupIndex(wid, nwg) * ${FLAT_WORKGROUP}u + lid.x;
  if (i >= u.count) { return; }`;

const UNARY: Record<UnaryOp, string> = {
  neg: '-x', exp: 'expJs(x)', log: 'logJs(x)', sqrt: 'sqrtJs(x)', rsqrt: '1.0 / sqrtJs(x)', tanh: 'tanhJs(x)',
  relu: 'select(0.0, x, x > 0.0)', step: 'select(0.0, 1.0, x > 0.0)', abs: 'abs(x)', recip: '1.0 / x',
  square: 'x * x', sin: 'sinCosJs(x, true)', cos: 'sinCosJs(x, false)', gelu: 'gelu(x)', geluGrad: 'geluGrad(x)',
  geluTanh: 'geluTanh(x)', geluTanhGrad: 'geluTanhGrad(x)',
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

/**
 * Bias + GELU (backend.ts biasGelu): y = gelu(x + b[column]) and, with a grad buffer, grad = gelu'(x + b). Bindings
 * after x and y come in the dispatch's order: the bias when there is one, then grad.
 */
export const biasGeluShader = (variant: GeluVariant, hasBias: boolean, hasGrad: boolean): string => PRELUDE + /* wgsl */ `
struct Params { count: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${hasBias ? '@group(0) @binding(3) var<storage, read> bias: array<f32>;' : ''}
${hasGrad ? `@group(0) @binding(${hasBias ? 4 : 3}) var<storage, read_write> grad: array<f32>;` : ''}
${FLAT_ENTRY}
  let h = xs[i]${hasBias ? ' + bias[i % u.n]' : ''};
  y[i] = ${UNARY[variant].replace('(x)', '(h)')};
  ${hasGrad ? `grad[i] = ${UNARY[variant === 'gelu' ? 'geluGrad' : 'geluTanhGrad'].replace('(x)', '(h)')};` : ''}
}`;
