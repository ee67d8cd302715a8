// Sample data for the figure gallery, made up by seeded random draws so every visit (and every screenshot) is
// the same. None of it comes from the engine; the gallery labels every figure "sample data".
import { randomLcg, randomNormal } from 'd3';
import type { Point } from '../viz/lineLayout';
import type { ScatterPoint } from '../viz/scatterLayout';

/** A falling loss curve with noise: about ln(1024) at step 0, settling near `floor`. */
export function sampleLoss(steps: number, floor: number, seed: number, from = 0): Point[] {
  const noise = randomNormal.source(randomLcg(seed))(0, 0.06);
  for (let i = 0; i < from; i++) noise();
  return Array.from({ length: steps - from }, (_, k) => {
    const step = (from + k) * 10;
    return { x: step, y: floor + (6.93 - floor) * Math.exp(-step / 600) + noise() };
  });
}

const words = ['king', 'queen', 'man', 'woman', 'prince', 'princess', 'father', 'mother', 'lord', 'lady'];

/** Clusters of points in 2-D, `count` in all, with a few named words placed so that the analogies line up. */
export function sampleMap(count: number, seed: number): ScatterPoint[] {
  const random = randomLcg(seed);
  const normal = randomNormal.source(random);
  const centres = Array.from({ length: 8 }, () => [normal(0, 3)(), normal(0, 3)()]);
  const points: ScatterPoint[] = [];
  for (let i = 0; i < count - words.length; i++) {
    const [cx, cy] = centres[i % centres.length];
    points.push({ id: i, x: cx + normal(0, 0.9)(), y: cy + normal(0, 0.9)(), label: `w${i}` });
  }
  // Royal and common, male and female: the female version sits at a fixed offset from the male one.
  words.forEach((label, k) => {
    const pair = Math.floor(k / 2);
    const female = k % 2;
    points.push({ id: `word-${label}`, x: -4 + pair * 2 + female * 1.2, y: 5 - pair * 0.6 + female * 1.5, label });
  });
  return points;
}

/**
 * A causal (T × T) attention-like matrix: each row a softmax over the tokens up to it; the mask marks the rest.
 * `reach` is how far back a head looks: 1 makes a previous-token head, 100 one that spreads over the whole text.
 */
export function sampleAttention(T: number, seed: number, reach = 3): { weights: Float32Array; mask: Uint8Array } {
  const normal = randomNormal.source(randomLcg(seed))(0, 0.8);
  const weights = new Float32Array(T * T);
  const mask = new Uint8Array(T * T);
  for (let i = 0; i < T; i++) {
    let sum = 0;
    for (let j = 0; j < T; j++) {
      if (j > i) {
        mask[i * T + j] = 1;
        continue;
      }
      // Nearby tokens and the first one draw more attention, as trained heads often do.
      const score = normal() - (i - j) / reach + (j === 0 ? 2 : 0);
      weights[i * T + j] = Math.exp(score);
      sum += weights[i * T + j];
    }
    for (let j = 0; j <= i; j++) weights[i * T + j] /= sum;
  }
  return { weights, mask };
}

export const sampleTokens = ['To', ' be', ',', ' or', ' not', ' to', ' be', ':', ' that', ' is'].map((label, id) => ({ id: 100 + id, label }));

export const sampleNextTokens = [
  [' the', 0.31],
  [' question', 0.22],
  [' a', 0.12],
  [' my', 0.09],
  [' not', 0.07],
  [' all', 0.06],
  [' thy', 0.05],
  [' so', 0.04],
  [' our', 0.02],
  [' it', 0.02],
].map(([label, value], i) => ({ id: i, label: String(label).replace(/^ /, '␣'), value: Number(value), isCut: i >= 7 }));
