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

export function fromHalf(h: number): number {
  if (!halves) {
    halves = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) halves[i] = widenHalf(i);
  }
  return halves[h & 0xffff];
}

function widenHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
