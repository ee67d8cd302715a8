// Word2vec: skip-gram with negative sampling (Mikolov et al. 2013, "Distributed Representations of Words and
// Phrases and their Compositionality"), with the details of their C tool: a window shrunk at random for each
// centre token, subsampling of frequent tokens, negatives drawn from the unigram distribution raised to 3/4 and a
// learning rate that falls linearly. Plain SGD written out by hand over Float32Arrays (far faster than autograd
// at this size), trained in chunks of pairs so a page can show the loss falling and the vectors moving.
import { Rng } from '../util/rng';

export interface Word2VecOptions {
  /** Length of each vector (default 32). */
  dim?: number;
  /** Largest distance between a centre token and a context token (default 3). Each centre draws its own window
   *  in [1, window], so near neighbours are trained on more often than far ones. */
  window?: number;
  /** Negative samples per (centre, context) pair (default 5). */
  negatives?: number;
  /** Starting step size (default 0.025); it falls linearly to 1e-4 of itself over `epochs` passes, then stays. */
  learningRate?: number;
  /** Planned passes over the corpus, which set the learning-rate decay (default 5). Training may go on after. */
  epochs?: number;
  /** Tokens seen fewer times are left out of training; their vectors stay zero (default 5). */
  minCount?: number;
  /** Subsampling threshold t (default 1e-3): a token with corpus frequency f is kept with probability
   *  min(1, √(t/f) + t/f), so very frequent tokens ("the", ",") are mostly dropped; 0 keeps every token. */
  subsample?: number;
  /** Rows of the table (default: the largest id + 1), so vector row i belongs to token id i. */
  vocabSize?: number;
  /** Seeds initialisation, subsampling, windows and negatives (default 1337). */
  seed?: number;
}

export interface Word2VecProgress {
  /** Mean negative-sampling loss over the pairs of this chunk. */
  loss: number;
  /** (centre, context) pairs trained since construction. */
  pairsSeen: number;
  /** Passes over the corpus so far, fractional: 1.5 is halfway through the second pass. */
  epochFraction: number;
  /** The step size used for the chunk's last pair. */
  learningRate: number;
}

// Slots in the negative-sampling table: a token with probability p fills about p · 2²⁰ of them.
const TABLE_SIZE = 1 << 20;

/**
 * Skip-gram with negative sampling over token id sequences from any tokenizer. Windows never cross from one
 * sequence into the next.
 *
 * @example
 * const w2v = new Word2Vec([tokenizer.encode(text)], { dim: 32, seed: 1 });
 * for (let i = 0; i < 100; i++) onProgress(w2v.trainSteps(2000)); // { loss, pairsSeen, epochFraction, … }
 * const table = w2v.vectors(); // (vocabSize, 32)
 */
export class Word2Vec {
  readonly vocabSize: number;
  readonly dim: number;
  readonly window: number;
  readonly negatives: number;
  readonly learningRate: number;
  readonly epochs: number;
  /** Occurrences of each token id in the corpus, (V). */
  readonly counts: Int32Array;
  /** Chance that an occurrence of each token survives subsampling, (V); 0 below minCount. */
  readonly keepProbability: Float64Array;
  /** Input vectors v, one per token, row-major (V, dim): the embeddings. Live, updated in place. */
  readonly input: Float32Array;
  /** Output vectors u, the token seen as a context, row-major (V, dim). Live, updated in place. */
  readonly output: Float32Array;

  private readonly rng: Rng;
  private pairs = 0;
  private readonly corpus: Int32Array; // the trainable tokens (count ≥ minCount), sequences concatenated, (N)
  private readonly starts: Int32Array; // where each sequence starts in corpus, plus N at the end, (S + 1)
  private readonly negativeTable: Int32Array; // token ids, each repeated in proportion to count^0.75
  // Where training stands: a pass, a sequence, the positions of its tokens that survived subsampling, a centre
  // among them, and the context positions still to pair with that centre.
  private epoch = 0;
  private sequence = -1;
  private readonly kept: Int32Array;
  private keptLength = 0;
  private centre = -1;
  private readonly contexts: Int32Array;
  private contextCount = 0;
  private nextContext = 0;
  // Scratch for one update.
  private readonly gradInput: Float64Array;
  private readonly drawn: Int32Array;

  constructor(sequences: readonly ArrayLike<number>[], options: Word2VecOptions = {}) {
    const { dim = 32, window = 3, negatives = 5, learningRate = 0.025, epochs = 5, minCount = 5, subsample = 1e-3, seed = 1337 } = options;
    for (const [name, value] of Object.entries({ dim, window, epochs, minCount })) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`Word2Vec: ${name} must be a positive integer, got ${value}`);
    }
    if (!Number.isInteger(negatives) || negatives < 0) throw new Error(`Word2Vec: negatives must be a non-negative integer, got ${negatives}`);
    if (!(learningRate > 0)) throw new Error(`Word2Vec: learningRate must be positive, got ${learningRate}`);
    if (!(subsample >= 0)) throw new Error(`Word2Vec: subsample must be ≥ 0, got ${subsample}`);
    this.dim = dim;
    this.window = window;
    this.negatives = negatives;
    this.learningRate = learningRate;
    this.epochs = epochs;

    let maxId = -1;
    sequences.forEach((seq, s) => {
      for (let i = 0; i < seq.length; i++) {
        const id = seq[i];
        if (!Number.isInteger(id) || id < 0) throw new Error(`Word2Vec: sequence ${s} position ${i} holds ${id}, not a token id`);
        if (id > maxId) maxId = id;
      }
    });
    this.vocabSize = options.vocabSize ?? maxId + 1;
    if (maxId >= this.vocabSize) throw new Error(`Word2Vec: token id ${maxId} is outside the vocabulary of ${this.vocabSize}`);
    const V = this.vocabSize;

    this.counts = new Int32Array(V);
    for (const seq of sequences) for (let i = 0; i < seq.length; i++) this.counts[seq[i]]++;
    const trainable = (id: number) => this.counts[id] >= minCount;

    // The corpus without the rare tokens, as the C tool reads it: dropping them first lets windows reach past them.
    let total = 0;
    for (let id = 0; id < V; id++) if (trainable(id)) total += this.counts[id];
    this.corpus = new Int32Array(total);
    this.starts = new Int32Array(sequences.length + 1);
    let n = 0, longest = 0, hasPair = false;
    sequences.forEach((seq, s) => {
      this.starts[s] = n;
      for (let i = 0; i < seq.length; i++) if (trainable(seq[i])) this.corpus[n++] = seq[i];
      longest = Math.max(longest, n - this.starts[s]);
      hasPair ||= n - this.starts[s] >= 2;
    });
    this.starts[sequences.length] = n;
    if (!hasPair) {
      throw new Error(`Word2Vec: no sequence has two tokens seen at least minCount = ${minCount} times, so there is no pair to train on`);
    }
    this.kept = new Int32Array(longest);
    this.contexts = new Int32Array(2 * window);

    this.keepProbability = new Float64Array(V);
    for (let id = 0; id < V; id++) {
      if (!trainable(id)) continue;
      const ratio = subsample > 0 ? (subsample * total) / this.counts[id] : Infinity; // t / f
      this.keepProbability[id] = Math.min(1, Math.sqrt(ratio) + ratio);
    }

    this.negativeTable = unigramTable(this.counts, trainable);

    // Initialisation as in the C tool: small random input vectors and zero output vectors, so every score u·v
    // starts at 0 and every σ at ½.
    this.rng = new Rng(seed);
    this.input = new Float32Array(V * dim);
    this.output = new Float32Array(V * dim);
    for (let id = 0; id < V; id++) {
      if (!trainable(id)) continue;
      for (let d = 0; d < dim; d++) this.input[id * dim + d] = (this.rng.next() - 0.5) / dim;
    }
    this.gradInput = new Float64Array(dim);
    this.drawn = new Int32Array(negatives);
  }

  /**
   * Trains on the next n (centre, context) pairs of the corpus, each with its own negatives, and reports the
   * chunk's mean loss. Chunking does not change the result: two calls of n are the same as one of 2n.
   */
  trainSteps(n: number): Word2VecProgress {
    if (!Number.isInteger(n) || n < 1) throw new Error(`trainSteps: n must be a positive integer, got ${n}`);
    let lossSum = 0, lr = 0;
    for (let step = 0; step < n; step++) {
      while (this.nextContext === this.contextCount) this.advanceCentre();
      const centreToken = this.corpus[this.kept[this.centre]];
      const contextToken = this.corpus[this.contexts[this.nextContext++]];
      for (let k = 0; k < this.negatives; k++) this.drawn[k] = this.negativeTable[this.rng.int(TABLE_SIZE)];
      lr = this.currentLearningRate();
      lossSum += this.trainPair(centreToken, contextToken, this.drawn, lr);
      this.pairs++;
    }
    return { loss: lossSum / n, pairsSeen: this.pairs, epochFraction: this.epochFraction(), learningRate: lr };
  }

  /**
   * One SGD step on the loss of one pair, L = −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c), where v_c is the centre's
   * input vector, u_o the context's output vector and u_k those of the negatives. Returns L before the step.
   * A negative equal to the context is skipped, as in the C tool.
   *
   * @example w2v.trainPair(centre, context, [17, 4, 230], 0.025) // 2.7726 = 4 log 2 at initialisation, where every σ is ½
   */
  trainPair(centre: number, context: number, negatives: ArrayLike<number>, learningRate: number): number {
    const D = this.dim, input = this.input, output = this.output, grad = this.gradInput;
    const c = centre * D;
    grad.fill(0);
    let loss = 0;
    // Target j = −1 is the true context (label 1); j ≥ 0 are the negatives (label 0).
    for (let j = -1; j < negatives.length; j++) {
      const target = j < 0 ? context : negatives[j];
      if (j >= 0 && target === context) continue;
      const label = j < 0 ? 1 : 0;
      const t = target * D;
      let x = 0; // the score u_t · v_c
      for (let d = 0; d < D; d++) x += output[t + d] * input[c + d];
      // This target's term is −log σ(x) for the context and −log σ(−x) for a negative. Since
      // d/dx log σ(x) = 1 − σ(x), both derivatives fold into one: ∂L/∂x = σ(x) − label.
      // (Context: −(1 − σ(x)) = σ(x) − 1. Negative: d/dx[−log σ(−x)] = 1 − σ(−x) = σ(x).)
      loss += label ? softplus(-x) : softplus(x);
      const g = sigmoid(x) - label;
      // x = u_t · v_c, so ∂L/∂u_t = g v_c and this target's share of ∂L/∂v_c is g u_t. The share is taken
      // before u_t moves; v_c moves once, after all targets, so every target sees the same v_c.
      for (let d = 0; d < D; d++) {
        grad[d] += g * output[t + d];
        output[t + d] -= learningRate * g * input[c + d];
      }
    }
    for (let d = 0; d < D; d++) input[c + d] -= learningRate * grad[d];
    return loss;
  }

  /** (centre, context) pairs trained by trainSteps so far. */
  get pairsSeen(): number {
    return this.pairs;
  }

  /** The ids trained on (seen at least minCount times), ascending; the other rows are zero. Pick a map's points
   *  from these: a few thousand zero rows would otherwise make the largest principal component by themselves. */
  trainedIds(): Int32Array {
    const ids: number[] = [];
    for (let id = 0; id < this.vocabSize; id++) if (this.keepProbability[id] > 0) ids.push(id);
    return Int32Array.from(ids);
  }

  /** A copy of the input vectors, row-major (vocabSize, dim): the embedding table to plot or search. */
  vectors(): Float32Array {
    return this.input.slice();
  }

  /** Passes over the corpus so far, fractional, counted by the position of the current centre token. */
  epochFraction(): number {
    const read = this.centre < 0 ? 0 : this.kept[this.centre] + 1;
    return this.epoch + read / this.corpus.length;
  }

  /** The step size now: linear decay from learningRate to 1e-4 of it over `epochs` passes. */
  currentLearningRate(): number {
    return this.learningRate * Math.max(1e-4, 1 - this.epochFraction() / this.epochs);
  }

  /** Moves to the next surviving centre token (loading the next sequence when this one is done) and lists its contexts. */
  private advanceCentre(): void {
    this.centre++;
    while (this.centre >= this.keptLength) this.loadNextSequence();
    const reach = this.window - this.rng.int(this.window); // in [1, window]
    this.contextCount = this.nextContext = 0;
    const from = Math.max(0, this.centre - reach), to = Math.min(this.keptLength - 1, this.centre + reach);
    for (let i = from; i <= to; i++) if (i !== this.centre) this.contexts[this.contextCount++] = this.kept[i];
  }

  /** Subsamples the next sequence (wrapping to the first, and the next pass, after the last). */
  private loadNextSequence(): void {
    if (++this.sequence === this.starts.length - 1) {
      this.sequence = 0;
      this.epoch++;
    }
    this.keptLength = 0;
    this.centre = 0;
    for (let p = this.starts[this.sequence]; p < this.starts[this.sequence + 1]; p++) {
      const keep = this.keepProbability[this.corpus[p]];
      if (keep >= 1 || this.rng.next() < keep) this.kept[this.keptLength++] = p;
    }
  }
}

/** Token ids laid out so that a uniform slot is token i with probability count_i^0.75 / Σ_j count_j^0.75. The 3/4
 *  power (Mikolov et al.'s choice) draws rare tokens more often than their frequency, common ones less. */
function unigramTable(counts: Int32Array, trainable: (id: number) => boolean): Int32Array {
  const table = new Int32Array(TABLE_SIZE);
  let z = 0;
  for (let id = 0; id < counts.length; id++) if (trainable(id)) z += counts[id] ** 0.75;
  // Token i fills the slots from cumulative(i − 1) to cumulative(i), both scaled to the table's size.
  let slot = 0, cumulative = 0, last = 0;
  for (let id = 0; id < counts.length; id++) {
    if (!trainable(id)) continue;
    cumulative += counts[id] ** 0.75;
    last = id;
    const end = Math.round((cumulative / z) * TABLE_SIZE);
    while (slot < end) table[slot++] = id;
  }
  while (slot < TABLE_SIZE) table[slot++] = last; // rounding may leave the last slot or two
  return table;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** log(1 + eˣ) = −log σ(−x), without overflow for large x. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
