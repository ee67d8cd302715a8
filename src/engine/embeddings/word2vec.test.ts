import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { nearestNeighbours } from './neighbours';
import { Word2Vec } from './word2vec';

/** Two topics that never meet: a sequence draws all its tokens from 0–4 or all from 5–9. */
function twoTopicCorpus(sequences: number, length: number, seed = 3): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: sequences }, (_, s) => Array.from({ length }, () => (s % 2) * 5 + rng.int(5)));
}

const log2 = Math.log(2);

describe('Word2Vec', () => {
  it('puts tokens that share contexts together: each token\'s neighbours are from its own topic, and the loss falls', () => {
    // With only ten tokens every one is "frequent", so subsampling would drop ~90 % of the corpus: turn it off.
    const w2v = new Word2Vec(twoTopicCorpus(200, 20), { dim: 16, minCount: 1, subsample: 0, seed: 1 });
    const chunks = [];
    while (w2v.epochFraction() < 5) chunks.push(w2v.trainSteps(1000));
    const first = chunks[0].loss, last = chunks[chunks.length - 1].loss;
    console.log(`two topics: ${chunks.length} chunks of 1000 pairs, loss ${first.toFixed(4)} → ${last.toFixed(4)}`);
    // All output vectors start at zero, so at first every σ is ½ and each pair costs (1 + negatives) log 2 = 4.16
    // (a little less: a negative that equals the context is skipped).
    expect(first).toBeLessThan(6 * log2 + 1e-9);
    expect(first).toBeGreaterThan(4.5 * log2);
    expect(last).toBeLessThan(0.6 * first);

    const table = w2v.vectors();
    for (let id = 0; id < 10; id++) {
      const topic = Math.floor(id / 5);
      const near = nearestNeighbours(table, w2v.vocabSize, w2v.dim, id, 4);
      expect(near.map((n) => Math.floor(n.index / 5))).toEqual([topic, topic, topic, topic]);
      // And the other topic is far: its closest member is less similar than the own topic's farthest.
      const all = nearestNeighbours(table, w2v.vocabSize, w2v.dim, id, 9);
      expect(Math.floor(all[4].index / 5)).toBe(1 - topic);
      expect(all[4].similarity).toBeLessThan(near[3].similarity - 0.2);
    }
  });

  it('takes one SGD step that matches finite differences of the pair\'s loss', () => {
    const dim = 4;
    const w2v = new Word2Vec([[0, 1, 2, 3, 4, 5]], { dim, minCount: 1, seed: 2 });
    // Move away from the zero output vectors of initialisation so that every gradient term is non-zero.
    const rng = new Rng(9);
    for (let i = 0; i < w2v.input.length; i++) w2v.input[i] = 0.8 * rng.normal();
    for (let i = 0; i < w2v.output.length; i++) w2v.output[i] = 0.8 * rng.normal();
    const centre = 1, context = 2, negatives = [4, 0, 5];

    // L = −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c), written out again in float64 from the stored parameters.
    const params = { v: (t: number) => Array.from(w2v.input.subarray(t * dim, (t + 1) * dim), Number),
      u: (t: number) => Array.from(w2v.output.subarray(t * dim, (t + 1) * dim), Number) };
    const logSigmoid = (x: number) => -Math.log1p(Math.exp(-x));
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
    const loss = (vc: number[], u: Map<number, number[]>) =>
      -logSigmoid(dot(u.get(context)!, vc)) - negatives.reduce((s, k) => s + logSigmoid(-dot(u.get(k)!, vc)), 0);
    const vc = params.v(centre);
    const u = new Map([context, ...negatives].map((t) => [t, params.u(t)]));

    // Central differences, h small enough for O(h²) error ≈ 1e-8 and large enough for float64 cancellation.
    const h = 1e-4;
    const numericGrad = (get: () => number[], set: (x: number[]) => void) => get().map((x0, d) => {
      const x = get();
      x[d] = x0 + h; set(x); const up = loss(vc, u);
      x[d] = x0 - h; set(x); const down = loss(vc, u);
      x[d] = x0; set(x);
      return (up - down) / (2 * h);
    });
    const gradV = numericGrad(() => [...vc], (x) => vc.splice(0, dim, ...x));
    const gradU = new Map([context, ...negatives].map((t) => [t, numericGrad(() => [...u.get(t)!], (x) => u.set(t, x))]));

    const lossBefore = loss(vc, u);
    const untouched = [params.v(3), params.u(3)];
    const lr = 0.1;
    const reported = w2v.trainPair(centre, context, negatives, lr);
    expect(reported).toBeCloseTo(lossBefore, 5);

    // Each parameter moved by −lr × its gradient (float32 storage: a few 1e-7 of error).
    const after = params.v(centre);
    for (let d = 0; d < dim; d++) expect(after[d] - vc[d]).toBeCloseTo(-lr * gradV[d], 5);
    for (const t of [context, ...negatives]) {
      const moved = params.u(t);
      for (let d = 0; d < dim; d++) expect(moved[d] - u.get(t)![d]).toBeCloseTo(-lr * gradU.get(t)![d], 5);
    }
    // And the step went downhill.
    expect(loss(params.v(centre), new Map([context, ...negatives].map((t) => [t, params.u(t)])))).toBeLessThan(lossBefore);
    // Rows outside the pair stay put.
    expect([params.v(3), params.u(3)]).toEqual(untouched);
  });

  it('skips a negative that is the context itself, as the C tool does', () => {
    const w2v = new Word2Vec([[0, 1, 2]], { dim: 3, minCount: 1 });
    // Output vectors start at zero: every score is 0, every term log 2.
    expect(w2v.trainPair(0, 1, [2, 1, 1], 0.01)).toBeCloseTo(2 * log2, 12);
  });

  it('is deterministic for a seed, and chunking does not change the result', () => {
    const corpus = twoTopicCorpus(40, 15, 8);
    const options = { dim: 8, minCount: 1, subsample: 0.05, seed: 4 };
    const once = new Word2Vec(corpus, options);
    const whole = once.trainSteps(3000);
    const chunked = new Word2Vec(corpus, options);
    const parts = [chunked.trainSteps(1), chunked.trainSteps(999), chunked.trainSteps(2000)];
    expect(Array.from(chunked.vectors())).toEqual(Array.from(once.vectors()));
    expect(parts[2].pairsSeen).toBe(3000);
    expect(parts[2].epochFraction).toBe(whole.epochFraction);
    expect(parts[2].learningRate).toBe(whole.learningRate);
    expect((parts[0].loss + 999 * parts[1].loss + 2000 * parts[2].loss) / 3000).toBeCloseTo(whole.loss, 9);

    const other = new Word2Vec(corpus, { ...options, seed: 5 });
    other.trainSteps(3000);
    expect(Array.from(other.vectors())).not.toEqual(Array.from(once.vectors()));
  });

  it('decays the learning rate linearly over the planned epochs, then holds it at 1e-4 of the start', () => {
    const w2v = new Word2Vec(twoTopicCorpus(10, 10), { minCount: 1, subsample: 0, epochs: 2, learningRate: 0.05 });
    expect(w2v.currentLearningRate()).toBe(0.05);
    let progress = w2v.trainSteps(1);
    while (progress.epochFraction < 1) progress = w2v.trainSteps(1);
    expect(progress.epochFraction).toBe(1); // the last token of the first pass
    expect(progress.learningRate).toBeCloseTo(0.025, 12);
    while (progress.epochFraction < 3) progress = w2v.trainSteps(1);
    expect(progress.learningRate).toBeCloseTo(0.05 * 1e-4, 12);
  });

  it('subsamples frequent tokens and leaves tokens below minCount out, with zero vectors', () => {
    // Token 0 is 80 % of the corpus; token 9 appears twice.
    const rng = new Rng(6);
    const seq = Array.from({ length: 5000 }, () => (rng.next() < 0.8 ? 0 : 1 + rng.int(8)));
    seq[10] = seq[20] = 9;
    const w2v = new Word2Vec([seq], { minCount: 5, subsample: 1e-3, vocabSize: 12 });
    expect(w2v.vocabSize).toBe(12);
    expect(Array.from(w2v.counts.subarray(9))).toEqual([2, 0, 0]);
    const total = 5000 - 2;
    const f0 = w2v.counts[0] / total;
    expect(w2v.keepProbability[0]).toBeCloseTo(Math.sqrt(1e-3 / f0) + 1e-3 / f0, 12); // ≈ 0.036
    expect(w2v.keepProbability[0]).toBeLessThan(0.05);
    expect(w2v.keepProbability[9]).toBe(0);
    expect(Array.from(w2v.trainedIds())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);

    w2v.trainSteps(5000);
    const table = w2v.vectors();
    expect(Array.from(table.subarray(9 * w2v.dim, 12 * w2v.dim)).every((x) => x === 0)).toBe(true);
    const near = nearestNeighbours(table, 12, w2v.dim, 1, 11);
    expect(near.map((n) => n.index).sort((a, b) => a - b)).toEqual([0, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rejects a corpus with nothing to train on, and bad ids', () => {
    expect(() => new Word2Vec([[1], [2]], { minCount: 1 })).toThrow(/no sequence has two tokens/);
    expect(() => new Word2Vec([[1, 2, 3]])).toThrow(/minCount = 5/);
    expect(() => new Word2Vec([[1, -2]])).toThrow(/position 1 holds -2/);
    expect(() => new Word2Vec([[1, 7]], { vocabSize: 5 })).toThrow(/token id 7 is outside the vocabulary of 5/);
    expect(() => new Word2Vec([[1, 2]], { dim: 0 })).toThrow(/dim must be a positive integer/);
  });
});
