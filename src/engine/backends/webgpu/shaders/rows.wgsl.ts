// WGSL for the fused row kernels, one workgroup per row of (rows, n): softmax, its backward, log-softmax,
// layer norm forward/backward, cross-entropy forward/backward. Reductions over a row use a shared-memory tree
// (common.wgsl.ts). Formulas and NaN behaviour follow backends/js/jsKernels.ts line by line.
// Row-wide values (targets) come from storage and are not "uniform" to WGSL, so they mask writes, never returns.
import { GROUP_INDEX, RANGE_ERROR, rangeErrorBinding, workgroupReduce } from './common.wgsl';
import { MATH } from './math.wgsl';

/** Workgroup size for a row of n values. */
export const rowWorkgroupSize = (n: number): number => (n >= 1024 ? 256 : 64);

// Row max ignores NaN as the js loops do (`if (x > max) max = x`): a NaN still poisons the sum that follows.
const rowPrelude = (size: number): string => MATH + GROUP_INDEX + /* wgsl */ `
var<workgroup> scratch: array<f32, ${size}>;
${workgroupReduce('groupSum', 'a + b', size)}
${workgroupReduce('groupMax', 'select(a, b, b > a)', size)}
const S = ${size}u;
`;

const ENTRY = /* wgsl */ `@compute @workgroup_size(S)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = groupIndex(wid, nwg);
  if (row >= u.rows) { return; }
  let base = row * u.n;
  let tid = lid.x;`;

/**
 * Row max and Σ exp(x − max). Softmax maps an all -Infinity row's max to 0 (the row then gives NaN, as in torch);
 * cross-entropy does not (js: exp(-∞ − -∞) = NaN). expJs keeps NaN and +Infinity rows NaN, as the js loops do.
 */
const rowMax = (remapMaskedRow: boolean) => /* wgsl */ `
  var localMax = negInf();
  for (var k = tid; k < u.n; k += S) { let v = x[base + k]; localMax = select(localMax, v, v > localMax); }
  var mx = groupMax(localMax, tid);
  ${remapMaskedRow ? 'if (mx == negInf()) { mx = 0.0; }' : ''}
  var localSum = 0.0;
  for (var k = tid; k < u.n; k += S) { localSum += expJs(x[base + k] - mx); }
  let sum = groupSum(localSum, tid);`;

export const softmaxShader = (size: number): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${ENTRY}
${rowMax(true)}
  for (var k = tid; k < u.n; k += S) { y[base + k] = expJs(x[base + k] - mx) / sum; }
}`;

export const logSoftmaxShader = (size: number): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${ENTRY}
${rowMax(true)}
  let lse = mx + logJs(sum);
  for (var k = tid; k < u.n; k += S) { y[base + k] = x[base + k] - lse; }
}`;

export const softmaxBackwardShader = (size: number): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
${ENTRY}
  var localDot = 0.0;
  for (var k = tid; k < u.n; k += S) { localDot += dy[base + k] * y[base + k]; }
  let rowDot = groupSum(localDot, tid);
  for (var k = tid; k < u.n; k += S) { dx[base + k] = y[base + k] * (dy[base + k] - rowDot); }
}`;

/**
 * Attention's scale + causal mask + softmax (backend.ts attentionSoftmax): row r is query r mod T and sees the
 * first `seen` keys; the rest are written 0 and never read.
 */
export const attentionSoftmaxShader = (size: number): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32, T: u32, causal: u32, scale: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${ENTRY}
  var seen = u.n;
  if (u.causal != 0u) { seen = min(u.n, u.n - u.T + row % u.T + 1u); }
  var localMax = negInf();
  for (var k = tid; k < seen; k += S) { let v = u.scale * x[base + k]; localMax = select(localMax, v, v > localMax); }
  var mx = groupMax(localMax, tid);
  if (mx == negInf()) { mx = 0.0; }
  var localSum = 0.0;
  for (var k = tid; k < seen; k += S) { localSum += expJs(u.scale * x[base + k] - mx); }
  let sum = groupSum(localSum, tid);
  for (var k = tid; k < u.n; k += S) {
    y[base + k] = select(0.0, expJs(u.scale * x[base + k] - mx) / sum, k < seen);
  }
}`;

/** dx = scale · y ⊙ (dy − Σ dy⊙y), per row. */
export const attentionSoftmaxBackwardShader = (size: number): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32, scale: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
${ENTRY}
  var localDot = 0.0;
  for (var k = tid; k < u.n; k += S) { localDot += dy[base + k] * y[base + k]; }
  let rowDot = groupSum(localDot, tid);
  for (var k = tid; k < u.n; k += S) { dx[base + k] = y[base + k] * (dy[base + k] - rowDot) * u.scale; }
}`;

/**
 * LayerNorm of each row; with addsResidual (addLayerNorm) the row is first made as stream + branch and written to
 * x, the sum's buffer, which the rest then reads: each invocation reads back only the elements it wrote itself.
 */
export const layerNormShader = (size: number, hasBias: boolean, addsResidual: boolean): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32, eps: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, ${addsResidual ? 'read_write' : 'read'}> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> meanOut: array<f32>;
@group(0) @binding(5) var<storage, read_write> rstdOut: array<f32>;
${addsResidual ? `@group(0) @binding(6) var<storage, read> stream: array<f32>;
@group(0) @binding(7) var<storage, read> branch: array<f32>;` : ''}
${hasBias ? `@group(0) @binding(${addsResidual ? 8 : 6}) var<storage, read> b: array<f32>;` : ''}
${ENTRY}
${addsResidual ? '  for (var k = tid; k < u.n; k += S) { x[base + k] = stream[base + k] + branch[base + k]; }' : ''}
  var localSum = 0.0;
  var localScale = 0.0;
  for (var k = tid; k < u.n; k += S) { localSum += x[base + k]; localScale = max(localScale, abs(x[base + k])); }
  let m = groupSum(localSum, tid) / f32(u.n);
  // Deviations are divided by the row's largest |x| before squaring, so rows of 1e20 do not overflow f32
  // (js sums in double): rstd = 1 / (scale·√(mean((d/scale)²) + eps/scale²)).
  let scale = groupMax(localScale, tid);
  let safeScale = select(scale, 1.0, scale == 0.0 || scale == posInf() || isNan(scale));
  var localVar = 0.0;
  for (var k = tid; k < u.n; k += S) { let d = (x[base + k] - m) / safeScale; localVar += d * d; }
  let s = 1.0 / (safeScale * sqrt(groupSum(localVar, tid) / f32(u.n) + u.eps / (safeScale * safeScale)));
  if (tid == 0u) { meanOut[row] = m; rstdOut[row] = s; }
  for (var k = tid; k < u.n; k += S) {
    y[base + k] = (x[base + k] - m) * s * w[k]${hasBias ? ' + b[k]' : ''};
  }
}`;

/** dx = rstd · (dy⊙w − mean(dy⊙w) − xhat · mean(dy⊙w⊙xhat)) per row, plus the residual gradient when there is one. */
export const layerNormBackwardRowsShader = (size: number, addsResidual: boolean): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> mean: array<f32>;
@group(0) @binding(5) var<storage, read> rstd: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;
${addsResidual ? '@group(0) @binding(7) var<storage, read> residual: array<f32>;' : ''}
${ENTRY}
  let m = mean[row];
  let s = rstd[row];
  var localD = 0.0;
  var localDX = 0.0;
  for (var k = tid; k < u.n; k += S) {
    let d = dy[base + k] * w[k];
    localD += d;
    localDX += d * (x[base + k] - m) * s;
  }
  let meanD = groupSum(localD, tid) / f32(u.n);
  let meanDX = groupSum(localDX, tid) / f32(u.n);
  for (var k = tid; k < u.n; k += S) {
    let xhat = (x[base + k] - m) * s;
    dx[base + k] = s * (dy[base + k] * w[k] - meanD - xhat * meanDX)${addsResidual ? ' + residual[base + k]' : ''};
  }
}`;

/**
 * dw[j] += Σ_r dy[r, j]·xhat[r, j] and db[j] += Σ_r dy[r, j]: 32 columns per workgroup (coalesced), 8 lanes
 * splitting the rows, lanes summed in shared memory.
 */
export const layerNormBackwardColumnsShader = (hasBias: boolean): string => GROUP_INDEX + /* wgsl */ `
struct Params { rows: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read_write> dw: array<f32>;
${hasBias ? '@group(0) @binding(6) var<storage, read_write> db: array<f32>;' : ''}
var<workgroup> partW: array<array<f32, 32>, 8>;
var<workgroup> partB: array<array<f32, 32>, 8>;
@compute @workgroup_size(32, 8)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let j = groupIndex(wid, nwg) * 32u + lid.x;
  var accW = 0.0;
  var accB = 0.0;
  if (j < u.n) {
    for (var r = lid.y; r < u.rows; r += 8u) {
      let g = dy[r * u.n + j];
      accW += g * (x[r * u.n + j] - mean[r]) * rstd[r];
      accB += g;
    }
  }
  partW[lid.y][lid.x] = accW;
  partB[lid.y][lid.x] = accB;
  workgroupBarrier();
  if (lid.y == 0u && j < u.n) {
    var sumW = 0.0;
    var sumB = 0.0;
    for (var l = 0u; l < 8u; l++) { sumW += partW[l][lid.x]; sumB += partB[l][lid.x]; }
    dw[j] += sumW;
    ${hasBias ? 'db[j] += sumB;' : '_ = sumB;'}
  }
}`;

/** A target is counted when it is a whole number in [0, V); below 0 it is ignored; anything else gives NaN. */
const TARGET = /* wgsl */ `
  let targetValue = targets[row];
  let isIgnored = targetValue < 0.0;
  let isValid = !isIgnored && targetValue < f32(u.n) && fract(targetValue) == 0.0;
  let t = select(0u, u32(targetValue), isValid);`;

export const crossEntropyShader = (size: number): string => rowPrelude(size) + rangeErrorBinding(4) + /* wgsl */ `
struct Params { rows: u32, n: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
${ENTRY}
${TARGET}
${rowMax(false)}
  if (tid == 0u) {
    // js throws for a target ≥ V or NaN (!(target < V)); the GPU records it for the next read.
    if (!isIgnored && !(targetValue < f32(u.n))) { reportRangeError(${RANGE_ERROR.crossEntropyTarget}u, targetValue, u.n); }
    let loss = mx + logJs(sum) - x[base + t];
    losses[row] = select(select(nanValue(), loss, isValid), 0.0, isIgnored);
  }
}`;

export const crossEntropyBackwardShader = (size: number): string => rowPrelude(size) + /* wgsl */ `
struct Params { rows: u32, n: u32, scale: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
${ENTRY}
${TARGET}
${rowMax(false)}
  for (var k = tid; k < u.n; k += S) {
    var g = (expJs(x[base + k] - mx) / sum) * u.scale;
    if (k == t) { g -= u.scale; }
    dx[base + k] = select(select(nanValue(), g, isValid), 0.0, isIgnored);
  }
}`;
