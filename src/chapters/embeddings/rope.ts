// RoPE's arithmetic for one pair of dimensions, as the page draws it: a 2-D query and key rotated by their
// positions' angles (m·θᵢ and n·θᵢ, θᵢ = 10000^(−2i/d)); their dot product then depends only on m − n.

export const ropeTheta = (pair: number, headSize: number) => Math.pow(10000, (-2 * pair) / headSize);

export function rotate([x, y]: readonly [number, number], angle: number): [number, number] {
  return [x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)];
}

export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** The sinusoidal encoding's value at (position, dimension) for width C: sin on even dimensions, cos on odd. */
export function sinusoid(position: number, dimension: number, C: number): { angle: number; value: number } {
  const even = dimension - (dimension % 2);
  const angle = position / Math.pow(10000, even / C);
  return { angle, value: dimension % 2 === 0 ? Math.sin(angle) : Math.cos(angle) };
}
