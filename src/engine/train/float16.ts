// IEEE half-precision conversion, so a shipped checkpoint can store weights in half the bytes. Rounds to nearest
// even; overflow becomes ±Infinity, tiny values become subnormals or zero.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && (half & 1)) ? 1 : 0));
  }
  const rest = mant & 0x1fff;
  let half = (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) half++;
  if (half >= 0x7c00) e = 0x1f;
  return sign | (e === 0x1f ? 0x7c00 : half);
}

/** Every float16 value, widened once: reading a 124M-parameter file decodes 124M halves, and `**` per value is slow. */
let halves: Float32Array | null = null;

/**
 * The table, built from the bit patterns (a half's exponent and mantissa move into a float32's) rather than with
 * `**` per value: it is built while a first visit waits for the shipped model (issue #17 goal 7).
 */
function halfTable(): Float32Array {
  if (halves) return halves;
  const bits = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
    bits[h] = exp === 0x1f ? sign | 0x7f800000 | (mant << 13) : sign | ((exp + 112) << 23) | (mant << 13);
  }
  halves = new Float32Array(bits.buffer);
  // Zero and the subnormals have no float32 exponent to move into: computed (2048 values).
  for (let mant = 0; mant < 0x400; mant++) {
    halves[mant] = mant * 2 ** -24;
    halves[0x8000 | mant] = -mant * 2 ** -24;
  }
  return halves;
}

export function fromHalf(h: number): number {
  return halfTable()[h & 0xffff];
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Widens the little-endian float16 values in `bytes` into the start of `out`: the bulk form of fromHalf, for a
 * whole tensor (a checkpoint's, a safetensors file's). A Uint16Array over the bytes is ~10× faster than DataView
 * reads (50 → 3–13 ms for the shipped model in Node); it reads in the platform's byte order, so it is used where
 * that is little-endian (every browser) and the bytes are aligned.
 */
export function widenHalves(bytes: Uint8Array, out: Float32Array): void {
  const table = halfTable();
  const n = bytes.byteLength >>> 1;
  if (isLittleEndian && bytes.byteOffset % 2 === 0) {
    const halves16 = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = table[halves16[i]];
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = table[view.getUint16(2 * i, true)];
}
