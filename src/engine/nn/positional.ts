// Positional information, the three ways the Embeddings chapter compares: a learned table (GPT-2), fixed
// sinusoids added to the token vectors ("Attention Is All You Need"), and rotary embeddings (RoPE, Su et al.)
// that rotate q and k so their dot product depends on the distance between positions.
import { add, concat, mul, reshape, slice, sub } from '../ops';
import { tensor, type Tensor } from '../tensor';

/** The (T, C) table of sin/cos waves for positions start..start+T−1. */
export function sinusoidalTable(start: number, T: number, C: number): Tensor {
  const values = new Float32Array(T * C);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < C; i += 2) {
      const angle = (start + t) / Math.pow(10000, i / C);
      values[t * C + i] = Math.sin(angle);
      if (i + 1 < C) values[t * C + i + 1] = Math.cos(angle);
    }
  }
  return tensor(values, [T, C]);
}

/** cos and sin of the rotation angles, each (T, hs/2), for positions start..start+T−1. */
export function ropeAngles(start: number, T: number, headSize: number): { cos: Tensor; sin: Tensor } {
  const half = headSize / 2;
  const c = new Float32Array(T * half), s = new Float32Array(T * half);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (start + t) / Math.pow(10000, (2 * i) / headSize);
      c[t * half + i] = Math.cos(angle);
      s[t * half + i] = Math.sin(angle);
    }
  }
  return { cos: tensor(c, [T, half, 1]), sin: tensor(s, [T, half, 1]) };
}

/** Rotates each consecutive pair (x₂ᵢ, x₂ᵢ₊₁) of x (B, nh, T, hs) by its position's angle. */
export function applyRope(x: Tensor, angles: { cos: Tensor; sin: Tensor }): Tensor {
  const [B, nh, T, hs] = x.shape;
  const pairs = reshape(x, [B, nh, T, hs / 2, 2]);
  const even = slice(pairs, 4, 0, 1); // (B, nh, T, hs/2, 1)
  const odd = slice(pairs, 4, 1, 2);
  const rotatedEven = sub(mul(even, angles.cos), mul(odd, angles.sin));
  const rotatedOdd = add(mul(even, angles.sin), mul(odd, angles.cos));
  return reshape(concat([rotatedEven, rotatedOdd], 4), [B, nh, T, hs]);
}
