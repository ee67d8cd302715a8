// Index plans for the rank-6 strided kernels (assembly/broadcast.ts): axes of size 1 are dropped, neighbouring axes
// that every operand walks contiguously are merged (so a bias add over (B, T, C) becomes rows × C), and the result
// is padded in front to rank 6 with size-1 axes.

export const PLAN_RANK = 6;

export interface StridedLayout {
  shape: number[];
  /** One stride list per operand, in floats. */
  strides: number[][];
}

/** Merges and drops axes of `shape` where every operand allows it. Returns null when there are no elements. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): StridedLayout | null {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let axis = 0; axis < shape.length; axis++) {
    const size = shape[axis];
    if (size === 0) return null;
    if (size === 1) continue;
    const last = outShape.length - 1;
    // axis `last` followed by `axis` is one axis if, for every operand, stride[last] = stride[axis] · size
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[axis] * size)) {
      outShape[last] *= size;
      strides.forEach((s, k) => { outStrides[k][last] = s[axis]; });
    } else {
      outShape.push(size);
      strides.forEach((s, k) => outStrides[k].push(s[axis]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Writes shape[6] then each operand's strides[6] as i32 at `at` (an Int32Array index), padded to rank 6. */
export function writePlan(i32: Int32Array, at: number, layout: StridedLayout): void {
  const { shape, strides } = layout;
  if (shape.length > PLAN_RANK) throw new RangeError(`wasm backend: rank ${shape.length} is above the supported ${PLAN_RANK}`);
  const pad = PLAN_RANK - shape.length;
  for (let i = 0; i < PLAN_RANK; i++) i32[at + i] = i < pad ? 1 : shape[i - pad];
  strides.forEach((s, k) => {
    const base = at + PLAN_RANK * (k + 1);
    for (let i = 0; i < PLAN_RANK; i++) i32[base + i] = i < pad ? 0 : s[i - pad];
  });
}
