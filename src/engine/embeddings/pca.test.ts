import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { pca, pcaAsync, projectPoints, type PcaProgress } from './pca';

/** n points of a 2-D Gaussian with standard deviations (s1, s2) along axes turned by theta, centred at (mx, my). */
function elongatedCloud(n: number, s1: number, s2: number, theta: number, mx: number, my: number, seed = 7): number[][] {
  const rng = new Rng(seed);
  const cos = Math.cos(theta), sin = Math.sin(theta);
  return Array.from({ length: n }, () => {
    const a = s1 * rng.normal(), b = s2 * rng.normal();
    return [mx + cos * a - sin * b, my + sin * a + cos * b];
  });
}

function randomPoints(n: number, dim: number, seed: number, scales: number[]): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let a = 0; a < dim; a++) out[i * dim + a] = scales[a % scales.length] * rng.normal();
  return out;
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>, xOffset = 0, yOffset = 0, length = x.length): number {
  let s = 0;
  for (let a = 0; a < length; a++) s += x[xOffset + a] * y[yOffset + a];
  return s;
}

describe('pca', () => {
  it('finds the closed-form principal axes of an elongated 2-D Gaussian cloud', () => {
    const theta = 0.6;
    const points = elongatedCloud(2000, 3, 0.5, theta, 5, -2);
    const fit = pca(points, 2, 2);

    // The 2 × 2 population covariance [[a, b], [b, c]] has eigenvalues (a + c)/2 ± √(((a − c)/2)² + b²) and its
    // major axis at angle ½ atan2(2b, a − c).
    const n = points.length;
    const mx = points.reduce((s, p) => s + p[0], 0) / n, my = points.reduce((s, p) => s + p[1], 0) / n;
    let a = 0, b = 0, c = 0;
    for (const [x, y] of points) {
      a += (x - mx) ** 2 / n;
      b += ((x - mx) * (y - my)) / n;
      c += (y - my) ** 2 / n;
    }
    const half = Math.hypot((a - c) / 2, b);
    const phi = 0.5 * Math.atan2(2 * b, a - c);

    expect(fit.mean[0]).toBeCloseTo(mx, 12);
    expect(fit.mean[1]).toBeCloseTo(my, 12);
    expect(fit.variance[0]).toBeCloseTo((a + c) / 2 + half, 9);
    expect(fit.variance[1]).toBeCloseTo((a + c) / 2 - half, 9);
    // Both coordinates of the major axis are positive here (phi ≈ 0.6), so the sign rule keeps (cos φ, sin φ).
    expect(fit.components[0]).toBeCloseTo(Math.cos(phi), 6);
    expect(fit.components[1]).toBeCloseTo(Math.sin(phi), 6);
    // The minor axis is perpendicular: ±(−sin φ, cos φ), with its larger coordinate (cos φ) made positive.
    expect(fit.components[2]).toBeCloseTo(-Math.sin(phi), 6);
    expect(fit.components[3]).toBeCloseTo(Math.cos(phi), 6);
    // And the sample's axis is close to the one the cloud was drawn with.
    expect(Math.abs(phi - theta)).toBeLessThan(0.02);
    expect(fit.explainedVariance[0]).toBeCloseTo(((a + c) / 2 + half) / (a + c), 9);
  });

  it('explains all the variance with k = dim, a share of it with fewer, largest first', () => {
    const dim = 6;
    const data = randomPoints(500, dim, 3, [5, 3, 2, 1, 0.5, 0.2]);
    const full = pca(data, dim, dim);
    const sum = full.explainedVariance.reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(1, 9);
    for (let j = 1; j < dim; j++) expect(full.variance[j]).toBeLessThanOrEqual(full.variance[j - 1]);

    // The components are orthonormal.
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        expect(dot(full.components, full.components, i * dim, j * dim, dim)).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }

    const two = pca(data, dim, 2);
    expect(two.explainedVariance[0]).toBeCloseTo(full.explainedVariance[0], 9);
    expect(two.explainedVariance[1]).toBeCloseTo(full.explainedVariance[1], 9);
    expect(two.explainedVariance[0] + two.explainedVariance[1]).toBeLessThan(1);
  });

  it('projects each centred point onto the components; the coordinates have the components\' variances', () => {
    const dim = 4, n = 300;
    const data = randomPoints(n, dim, 11, [4, 2, 1, 0.5]);
    const fit = pca(data, dim, 3);
    expect(fit.projected.length).toBe(n * 3);
    for (let j = 0; j < 3; j++) {
      let mean = 0, sq = 0;
      for (let i = 0; i < n; i++) mean += fit.projected[i * 3 + j] / n;
      for (let i = 0; i < n; i++) sq += fit.projected[i * 3 + j] ** 2 / n;
      expect(mean).toBeCloseTo(0, 9);
      expect(sq).toBeCloseTo(fit.variance[j], 6);
    }
    // A point given later lands where the same point did in the fit.
    const again = projectPoints(fit, [Array.from(data.subarray(5 * dim, 6 * dim))]);
    expect(Array.from(again)).toEqual(Array.from(fit.projected.subarray(15, 18)));
  });

  it('is deterministic, takes rows or a flat table alike, and fixes each sign whatever the seed', () => {
    const dim = 8;
    const data = randomPoints(400, dim, 5, [3, 2.5, 2, 1.5, 1, 0.8, 0.6, 0.4]);
    const first = pca(data, dim, 3);
    const second = pca(data, dim, 3);
    expect(Array.from(second.projected)).toEqual(Array.from(first.projected));
    expect(Array.from(second.components)).toEqual(Array.from(first.components));

    const rows = Array.from({ length: 400 }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
    expect(Array.from(pca(rows, dim, 3).projected)).toEqual(Array.from(first.projected));

    // Another seed starts the power iteration elsewhere but must not mirror the picture.
    const reseeded = pca(data, dim, 3, { seed: 99 });
    for (let i = 0; i < first.components.length; i++) expect(reseeded.components[i]).toBeCloseTo(first.components[i], 5);
    for (let j = 0; j < 3; j++) {
      const row = Array.from(first.components.subarray(j * dim, (j + 1) * dim));
      const largest = row.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it('can take each sign from an earlier fit so an animation does not flip', () => {
    const dim = 3;
    const data = randomPoints(200, dim, 8, [3, 2, 1]);
    const fit = pca(data, dim, 2);
    const flipped = pca(data, dim, 2, { alignWith: fit.components.map((x) => -x) });
    for (let i = 0; i < fit.components.length; i++) expect(flipped.components[i]).toBeCloseTo(-fit.components[i], 12);
    for (let i = 0; i < fit.projected.length; i++) expect(flipped.projected[i]).toBeCloseTo(-fit.projected[i], 9);
  });

  it('recovers a planted direction in 512 dimensions', () => {
    const dim = 512, n = 600;
    const rng = new Rng(21);
    const axis = Float64Array.from({ length: dim }, () => rng.normal());
    const norm = Math.sqrt(dot(axis, axis));
    axis.forEach((x, a) => (axis[a] = x / norm));
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const along = 10 * rng.normal();
      for (let a = 0; a < dim; a++) data[i * dim + a] = along * axis[a] + rng.normal();
    }
    const fit = pca(data, dim, 2);
    expect(Math.abs(dot(fit.components, axis, 0, 0, dim))).toBeGreaterThan(0.99);
    expect(fit.explainedVariance[0]).toBeGreaterThan(0.1);
  });

  it('handles clouds with no spread in some or all directions', () => {
    const same = pca([[1, 2, 3], [1, 2, 3], [1, 2, 3]], 3, 2);
    expect(Array.from(same.variance)).toEqual([0, 0]);
    expect(Array.from(same.explainedVariance)).toEqual([0, 0]);
    expect(Array.from(same.projected).every((x) => x === 0)).toBe(true);

    const line = pca([[0, 0, 0], [1, 2, 2], [2, 4, 4], [-1, -2, -2]], 3, 3);
    expect(line.components[0]).toBeCloseTo(1 / 3, 9);
    expect(line.components[1]).toBeCloseTo(2 / 3, 9);
    expect(line.explainedVariance[0]).toBeCloseTo(1, 9);
    expect(line.variance[1]).toBeCloseTo(0, 9);
    expect(line.variance[2]).toBeCloseTo(0, 9);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(dot(line.components, line.components, i * 3, j * 3, 3)).toBeCloseTo(i === j ? 1 : 0, 9);
    }
  });

  it('fitted on a seeded sample of rows, finds the full fit\'s top components when the data is low-rank, and projects every row', () => {
    // 3000 points near a 3-D subspace of 48 dimensions (spreads 6, 3, 1.5), plus small isotropic noise.
    const n = 3000, dim = 48, rank = 3;
    const rng = new Rng(13);
    const basis = Array.from({ length: rank }, () => Float64Array.from({ length: dim }, () => rng.normal()));
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const along = [6, 3, 1.5].map((s) => s * rng.normal());
      for (let a = 0; a < dim; a++) {
        let x = 0.05 * rng.normal() + 1;
        for (let r = 0; r < rank; r++) x += (along[r] * basis[r][a]) / Math.sqrt(dim);
        data[i * dim + a] = x;
      }
    }
    const full = pca(data, dim, 2);
    const sampled = pca(data, dim, 2, { sampleRows: 400, seed: 5 });
    expect(full.fittedRows).toBe(n);
    expect(sampled.fittedRows).toBe(400);
    expect(sampled.projected.length).toBe(n * 2);
    for (let j = 0; j < 2; j++) {
      // Same direction (the sign rule picks the same sign when they agree this closely).
      expect(dot(sampled.components, full.components, j * dim, j * dim, dim)).toBeGreaterThan(0.995);
      expect(Math.abs(sampled.explainedVariance[j] - full.explainedVariance[j])).toBeLessThan(0.05);
    }
    // Rows land where the full fit puts them, up to the sample's error, of order 1/√400 = 5% of the map's spread.
    const spread = Math.sqrt(full.variance[0]);
    let squared = 0;
    for (let i = 0; i < n * 2; i++) squared += (sampled.projected[i] - full.projected[i]) ** 2 / n;
    expect(Math.sqrt(squared) / spread).toBeLessThan(0.1);
    // A sample as large as the table is the table: the same fit as no sampling.
    expect(Array.from(pca(data, dim, 2, { sampleRows: n }).components)).toEqual(Array.from(full.components));
    // Another seed draws other rows, so a slightly different fit.
    expect(Array.from(pca(data, dim, 2, { sampleRows: 400, seed: 6 }).components)).not.toEqual(Array.from(sampled.components));
    expect(() => pca(data, dim, 2, { sampleRows: 0 })).toThrow(/sampleRows must be a positive integer/);
  });

  it('stepwise, reports its progress through each stage and gives the same fit as in one go', async () => {
    const dim = 300, n = 5000;
    const data = randomPoints(n, dim, 17, [3, 2, 1, 0.5]);
    const steps: PcaProgress[] = [];
    const stepwise = await pcaAsync(data, dim, 2, { sampleRows: 1000, maxIterations: 200 }, async (p) => { steps.push(p); });
    const inOneGo = pca(data, dim, 2, { sampleRows: 1000, maxIterations: 200 });
    expect(Array.from(stepwise.projected)).toEqual(Array.from(inOneGo.projected));
    const stages = steps.map((p) => p.stage);
    expect(stages.indexOf('components')).toBeGreaterThan(stages.lastIndexOf('covariance'));
    expect(stages.indexOf('projection')).toBeGreaterThan(stages.lastIndexOf('components'));
    expect(steps.filter((p) => p.stage === 'covariance').at(-1)).toEqual({ stage: 'covariance', done: 1000, total: 1000 });
    expect(steps.filter((p) => p.stage === 'components').at(-1)).toEqual({ stage: 'components', done: 2, total: 2 });
    expect(steps.filter((p) => p.stage === 'projection').map((p) => p.done)).toEqual([4096, 5000]);
    expect(steps.length).toBeGreaterThan(6); // several pauses, not one at the end
  });

  it('rejects malformed input', () => {
    expect(() => pca(new Float32Array(7), 2)).toThrow(/7 numbers do not make rows of 2/);
    expect(() => pca([[1, 2], [3]], 2)).toThrow(/point 1 has 1 coordinates/);
    expect(() => pca([[1, 2]], 2, 3)).toThrow(/k must be an integer in \[1, 2\]/);
    expect(() => pca([], 2)).toThrow(/at least one point/);
  });
});
