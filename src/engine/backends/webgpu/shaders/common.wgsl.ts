// WGSL snippets shared by the kernels: flat indices over 2-D dispatch grids, IEEE special values built at run time
// (WGSL rejects NaN and infinities in constant expressions, so they come from a `var`), a NaN test that no
// fast-math pass can fold away, and the js backend's NaN-propagating max.

/** Workgroup size of the flat elementwise kernels (dispatch code must agree). */
export const FLAT_WORKGROUP = 256;

export const SPECIAL_VALUES = /* wgsl */ `
fn negInf() -> f32 { var bits = 0xff800000u; return bitcast<f32>(bits); }
fn posInf() -> f32 { var bits = 0x7f800000u; return bitcast<f32>(bits); }
fn nanValue() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
// max and min as the js backend defines them: a NaN on either side wins (a >= NaN is false, so b is taken).
fn maxJs(a: f32, b: f32) -> f32 { return select(b, a, a >= b || isNan(a)); }
fn minJs(a: f32, b: f32) -> f32 { return select(b, a, a <= b || isNan(a)); }
`;

/** Index of this workgroup in a grid that wraps past 65535 groups along x into y. */
export const GROUP_INDEX = /* wgsl */ `
fn groupIndex(wid: vec3u, nwg: vec3u) -> u32 { return wid.x + wid.y * nwg.x; }
`;

/**
 * A workgroup tree reduction over `scratch` (one slot per invocation). `name` is the function name, `combine` an
 * expression in a and b, `size` the workgroup size (a power of two). Every invocation must call it (barriers).
 */
export function workgroupReduce(name: string, combine: string, size: number): string {
  return /* wgsl */ `
fn ${name}(value: f32, lid: u32) -> f32 {
  scratch[lid] = value;
  workgroupBarrier();
  for (var stride = ${size / 2}u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let a = scratch[lid];
      let b = scratch[lid + stride];
      scratch[lid] = ${combine};
    }
    workgroupBarrier();
  }
  let result = scratch[0];
  workgroupBarrier();
  return result;
}
`;
}

/** Kinds of deferred range error (rangeErrors.ts turns them back into messages). */
export const RANGE_ERROR = { gatherId: 1, crossEntropyTarget: 2 } as const;

/**
 * The range-error record at `binding`: a GPU cannot throw, so a kernel that meets an id the js backend would reject
 * records the code, the value and the limit here; the backend's next readAsync throws the RangeError.
 */
export const rangeErrorBinding = (binding: number): string => /* wgsl */ `
@group(0) @binding(${binding}) var<storage, read_write> rangeError: array<atomic<u32>, 4>;
fn reportRangeError(code: u32, value: f32, limit: u32) {
  atomicStore(&rangeError[0], code);
  atomicStore(&rangeError[1], bitcast<u32>(value));
  atomicStore(&rangeError[2], limit);
}
`;
