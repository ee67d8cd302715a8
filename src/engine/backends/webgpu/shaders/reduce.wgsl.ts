// WGSL for reductions over the middle axis of (outer, n, inner), and for Σx² (gradient clipping). Two shapes of
// work: one invocation per output walking n (coalesced when inner is wide), or workgroups cooperating on one
// contiguous row (inner = 1) with a shared-memory tree, optionally split into partial sums and finished by a
// second pass (large n, few outputs), as in tfjs's reduce and llm.c's two-stage norms.
import { GROUP_INDEX, SPECIAL_VALUES, workgroupReduce } from './common.wgsl';

/** 'sumSquares' adds x² (the first pass of sumSquares); the others are the ReduceOps. */
export type ReduceKind = 'sum' | 'max' | 'sumSquares';

const INITIAL: Record<ReduceKind, string> = { sum: '0.0', sumSquares: '0.0', max: 'negInf()' };
const ACCUMULATE: Record<ReduceKind, string> = {
  sum: 'acc + v', sumSquares: 'acc + v * v', max: 'maxJs(acc, v)',
};
const COMBINE: Record<ReduceKind, string> = { sum: 'a + b', sumSquares: 'a + b', max: 'maxJs(a, b)' };

/** One invocation per output (o, i): out[o·inner + i] = reduce over k of x[(o·n + k)·inner + i]. */
export const reducePerOutputShader = (kind: ReduceKind): string => SPECIAL_VALUES + GROUP_INDEX + /* wgsl */ `
struct Params { outputs: u32, n: u32, inner: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = groupIndex(wid, nwg) * 64u + lid.x;
  if (t >= u.outputs) { return; }
  let o = t / u.inner;
  let i = t % u.inner;
  var p = o * u.n * u.inner + i;
  var acc = ${INITIAL[kind]};
  for (var k = 0u; k < u.n; k++) {
    let v = x[p];
    acc = ${ACCUMULATE[kind]};
    p += u.inner;
  }
  y[t] = acc;
}`;

/**
 * Workgroups cooperating on contiguous rows of n values. Row o is cut into `splits` chunks of `chunk` values;
 * workgroup (o, s) reduces its chunk into y[o·splits + s]. With splits = 1 that is the final answer.
 */
export const reduceRowsShader = (kind: ReduceKind, size: number): string => SPECIAL_VALUES + GROUP_INDEX + /* wgsl */ `
struct Params { rows: u32, n: u32, splits: u32, chunk: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
var<workgroup> scratch: array<f32, ${size}>;
${workgroupReduce('reduceGroup', COMBINE[kind], size)}
@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let g = groupIndex(wid, nwg);
  let row = g / u.splits;
  let split = g % u.splits;
  // Every invocation reaches the barriers inside reduceGroup, so the bounds check only masks the loads.
  let start = split * u.chunk;
  let end = select(min(u.n, start + u.chunk), 0u, row >= u.rows);
  var acc = ${INITIAL[kind]};
  for (var k = start + lid.x; k < end; k += ${size}u) {
    let v = x[row * u.n + k];
    acc = ${ACCUMULATE[kind]};
  }
  let total = reduceGroup(acc, lid.x);
  if (lid.x == 0u && row < u.rows) { y[g] = total; }
}`;
