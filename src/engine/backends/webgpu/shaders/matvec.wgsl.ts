// WGSL for matrix-vector products, the shape of one-token decoding (M = 1) and of N = 1 products:
// y_b[j] = beta·y_b[j] + Σ_k v_b[k]·W_b(k, j). "rows": W stored (J×K), one workgroup per output reducing a
// contiguous row in shared memory. "columns": W stored (K×J), 64 outputs per workgroup read coalesced, the K
// range split over 4 lanes summed in shared memory.
import { GROUP_INDEX, workgroupReduce } from './common.wgsl';

export type MatvecLayout = 'rows' | 'columns';

/** scaled: the epilogue variant (MatmulParams.scaleBy), each output times E at its own index before it is stored. */
const params = (scaled: boolean) => /* wgsl */ `
struct Params { J: u32, K: u32, vStride: u32, wStride: u32, batch: u32, groupsPerBatch: u32, beta: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> v: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
${scaled ? '@group(0) @binding(4) var<storage, read> E: array<f32>;' : ''}
fn storeY(p: u32, value: f32) {
  ${scaled ? 'y[p] = value * E[p];' : 'if (u.beta != 0.0) { y[p] = y[p] + value; } else { y[p] = value; }'}
}
`;

export const matvecRowsShader = (scaled = false): string => GROUP_INDEX + params(scaled) + /* wgsl */ `
var<workgroup> scratch: array<f32, 64>;
${workgroupReduce('groupSum', 'a + b', 64)}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let g = groupIndex(wid, nwg);
  let b = g / u.J;
  let j = g % u.J;
  if (b >= u.batch) { return; }
  let v0 = b * u.vStride;
  let w0 = b * u.wStride + j * u.K;
  var acc = 0.0;
  for (var k = lid.x; k < u.K; k += 64u) { acc += v[v0 + k] * W[w0 + k]; }
  let total = groupSum(acc, lid.x);
  if (lid.x == 0u) { storeY(b * u.J + j, total); }
}`;

export const matvecColumnsShader = (scaled = false): string => GROUP_INDEX + params(scaled) + /* wgsl */ `
var<workgroup> part: array<array<f32, 64>, 4>;
@compute @workgroup_size(64, 4)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let g = groupIndex(wid, nwg);
  let b = g / u.groupsPerBatch;
  let j = (g % u.groupsPerBatch) * 64u + lid.x;
  if (b >= u.batch) { return; }
  let v0 = b * u.vStride;
  let w0 = b * u.wStride;
  var acc = 0.0;
  if (j < u.J) {
    for (var k = lid.y; k < u.K; k += 4u) { acc += v[v0 + k] * W[w0 + k * u.J + j]; }
  }
  part[lid.y][lid.x] = acc;
  workgroupBarrier();
  if (lid.y == 0u && j < u.J) {
    storeY(b * u.J + j, part[0][lid.x] + part[1][lid.x] + part[2][lid.x] + part[3][lid.x]);
  }
}`;
