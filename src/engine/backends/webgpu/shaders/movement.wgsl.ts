// WGSL for data movement: strided copies (every view: permute, slice, concat, expand), the embedding lookup
// (gather) and its gradient (scatterAdd). WGSL has no f32 atomics, so scatterAdd gives each column to one
// invocation that walks the rows in order: repeated ids add up exactly as in the js loop.
import { FLAT_WORKGROUP, GROUP_INDEX, RANGE_ERROR, SPECIAL_VALUES, rangeErrorBinding } from './common.wgsl';

export const copyStridedShader = (): string => GROUP_INDEX + /* wgsl */ `
struct Params {
  shape: array<vec4u, 2>, srcStrides: array<vec4i, 2>, dstStrides: array<vec4i, 2>,
  rank: u32, count: u32, srcOffset: u32, dstOffset: u32,
}
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(${FLAT_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = groupIndex(wid, nwg) * ${FLAT_WORKGROUP}u + lid.x;
  if (i >= u.count) { return; }
  var rest = i;
  var src = i32(u.srcOffset);
  var dst = i32(u.dstOffset);
  for (var d = i32(u.rank) - 1; d >= 0; d--) {
    let dim = u.shape[d / 4][d % 4];
    let index = i32(rest % dim);
    rest = rest / dim;
    src += index * u.srcStrides[d / 4][d % 4];
    dst += index * u.dstStrides[d / 4][d % 4];
  }
  y[dst] = x[src];
}`;

/** out[r, j] = table[ids[r], j]; an id outside the table gives NaN and a deferred RangeError (rangeErrors.ts). */
export const gatherShader = (): string => SPECIAL_VALUES + GROUP_INDEX + rangeErrorBinding(4) + /* wgsl */ `
struct Params { rows: u32, dim: u32, vocab: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> ids: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(${FLAT_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let e = groupIndex(wid, nwg) * ${FLAT_WORKGROUP}u + lid.x;
  if (e >= u.rows * u.dim) { return; }
  let r = e / u.dim;
  let j = e % u.dim;
  let id = ids[r];
  let isInTable = id >= 0.0 && id < f32(u.vocab);
  if (!isInTable && j == 0u) { reportRangeError(${RANGE_ERROR.gatherId}u, id, u.vocab); }
  let isValid = isInTable && fract(id) == 0.0;
  y[e] = select(nanValue(), table[select(0u, u32(id), isValid) * u.dim + j], isValid);
}`;

/** table[ids[r], j] += src[r, j], one invocation per column j, rows in order; ids outside the table are skipped. */
export const scatterAddShader = (): string => GROUP_INDEX + /* wgsl */ `
struct Params { rows: u32, dim: u32, vocab: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> ids: array<f32>;
@group(0) @binding(3) var<storage, read_write> table: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let j = groupIndex(wid, nwg) * 64u + lid.x;
  if (j >= u.dim) { return; }
  for (var r = 0u; r < u.rows; r++) {
    let id = ids[r];
    if (id >= 0.0 && id < f32(u.vocab) && fract(id) == 0.0) {
      let p = u32(id) * u.dim + j;
      table[p] = table[p] + src[r * u.dim + j];
    }
  }
}`;
