import { describe, it, expect } from 'vitest';
import { analogy, analogyVector, cosineSimilarity, nearestNeighbours, nearestToVector } from './neighbours';

// A hand-made table with two directions of meaning, royalty (x) and gender (y), and an unrelated z.
const words = ['man', 'woman', 'king', 'queen', 'apple', 'unseen', 'prince'] as const;
const vectors: Record<(typeof words)[number], number[]> = {
  man: [0, 1, 0],
  woman: [0, -1, 0],
  king: [1, 1, 0],
  queen: [1, -1, 0],
  apple: [0, 0, 1],
  unseen: [0, 0, 0], // a token the model never trained: no direction
  prince: [0.6, 1, 0.8],
};
const dim = 3, rows = words.length;
const table = Float32Array.from(words.flatMap((w) => vectors[w]));
const id = (w: (typeof words)[number]) => words.indexOf(w);

describe('cosineSimilarity', () => {
  it('is the cosine of the angle, whatever the lengths, and 0 for a zero vector', () => {
    expect(cosineSimilarity([1, 0], [3, 0])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([1, 0], [-2, 0])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([1, 2], [0, 0])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/lengths differ/);
  });
});

describe('nearestNeighbours', () => {
  it('ranks rows by cosine similarity, leaving out the query and zero rows', () => {
    const found = nearestNeighbours(table, rows, dim, id('king'), 10);
    expect(found.map((n) => words[n.index])).toEqual(['prince', 'man', 'queen', 'apple', 'woman']);
    expect(found[1].similarity).toBeCloseTo(Math.SQRT1_2, 6); // king · man = 1 / (√2 · 1)
    expect(found[2].similarity).toBeCloseTo(0, 6);
    expect(found[4].similarity).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(nearestNeighbours(table, rows, dim, id('king'), 2).map((n) => words[n.index])).toEqual(['prince', 'man']);
    expect(nearestNeighbours(table, rows, dim, id('king'), 0)).toEqual([]);
  });

  it('breaks ties by the lower index', () => {
    // queen and apple are both orthogonal to king.
    const tied = nearestToVector(table, rows, dim, [1, 1, 0], 5, [id('prince'), id('man'), id('king')]);
    expect(tied.slice(0, 2).map((n) => words[n.index])).toEqual(['queen', 'apple']);
  });

  it('rejects a query outside the table and a table of the wrong size', () => {
    expect(() => nearestNeighbours(table, rows, dim, rows, 3)).toThrow(/queryRow = 7 is not a row/);
    expect(() => nearestNeighbours(table, rows + 1, dim, 0, 3)).toThrow(/holds 21 numbers, not rows × dim = 8 × 3/);
    expect(() => nearestToVector(table, rows, dim, [1, 0], 3)).toThrow(/expected 3/);
  });
});

describe('analogy', () => {
  it('answers "man is to king as woman is to ?" with queen', () => {
    const [best, next] = analogy(table, rows, dim, id('man'), id('king'), id('woman'), 2);
    expect(words[best.index]).toBe('queen');
    expect(words[next.index]).not.toMatch(/^(man|king|woman)$/);
    // b̂ − â + ĉ = (1, 1, 0)/√2 − (0, 1, 0) + (0, −1, 0), whose cosine with queen's (1, −1, 0)/√2 is computed here.
    const target = [Math.SQRT1_2, Math.SQRT1_2 - 2, 0];
    expect(Array.from(analogyVector(table, dim, id('man'), id('king'), id('woman')))).toEqual(
      target.map((x) => expect.closeTo(x, 6)),
    );
    expect(best.similarity).toBeCloseTo(cosineSimilarity(target, vectors.queen), 6);
  });

  it('answers "woman is to queen as man is to ?" with king, and works on a Float64 table', () => {
    const [best] = analogy(Float64Array.from(table), rows, dim, id('woman'), id('queen'), id('man'));
    expect(words[best.index]).toBe('king');
  });
});
