// Conformance cases for the fused kernels: softmax (+backward), log-softmax, layer norm forward/backward (also with
// the residual add before it and the residual gradient after), cross-entropy forward/backward, AdamW and Σx², on
// awkward row lengths and on the rows that break naive versions: huge logits (exp overflows without the max shift),
// masked (-Infinity) entries, fully masked rows, NaN and +Infinity.
import type { AdamWParams } from '../backend';
import { randomValues, type KernelCase } from './harness';
import { termsOf } from './elementwiseCases';

const rowShapes: [number, number][] = [[1, 1], [3, 17], [5, 65], [2, 129], [4, 64], [7, 3], [0, 5], [2, 1030]];

/** Rows of length 6, one per edge case. */
const edgeRows: number[][] = [
  [1000, 1001, 999, -1000, 0, 3],
  [1e30, -1e30, 3e38, 1, 2, 3],
  [-1e30, -1e30, -1e30, -1e30, -1e30, -1e30],
  [1, -Infinity, 2, -Infinity, 3, -Infinity],
  [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
  [1, 2, NaN, 3, 4, 5],
  [1, 2, Infinity, 3, 4, 5],
  [-100, -103, -110, -87, -90, -95],
  [0, 0, 0, 0, 0, 0],
];
const edgeLogits = edgeRows.flat();

/** Sizes of the terms in dx = y ⊙ (dy − Σ dy⊙y): |y|·(|dy| + Σ|dy⊙y|) per element. */
function softmaxBackwardTerms(y: number[], dy: number[], rows: number, n: number): number[] {
  const out = new Array<number>(rows * n);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let j = 0; j < n; j++) dot += Math.abs(dy[r * n + j] * y[r * n + j]);
    for (let j = 0; j < n; j++) out[r * n + j] = Math.abs(y[r * n + j]) * (Math.abs(dy[r * n + j]) + dot);
  }
  return out;
}

/** Sizes of the terms of log-softmax x − logsumexp(x): |x| + |logsumexp| (the js spec subtracts them directly). */
function logSoftmaxTerms(x: readonly number[], rows: number, n: number): number[] {
  const out = new Array<number>(rows * n);
  for (let r = 0; r < rows; r++) {
    const row = x.slice(r * n, r * n + n);
    const m = Math.max(...row.filter((v) => !Number.isNaN(v)));
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    for (let j = 0; j < n; j++) out[r * n + j] = Math.abs(row[j]) + Math.abs(lse);
  }
  return out;
}

export function softmaxCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [rows, n] of rowShapes) {
    const x = randomValues(rows * n, rows + n, 3);
    cases.push({ label: `softmax (${rows}, ${n})`, inputs: [x], outputs: [rows * n], run: (k, [v], [o]) => k.softmax(v, o, rows, n) });
    cases.push({
      label: `logSoftmax (${rows}, ${n})`, inputs: [x], outputs: [rows * n], run: (k, [v], [o]) => k.logSoftmax(v, o, rows, n),
      scale: [logSoftmaxTerms(x, rows, n)],
    });
    const y = randomValues(rows * n, rows * n + 3).map((v) => Math.abs(v) / n);
    const dy = randomValues(rows * n, 9);
    cases.push({
      label: `softmaxBackward (${rows}, ${n})`, inputs: [y, dy], outputs: [rows * n],
      run: (k, [p, g], [o]) => k.softmaxBackward(p, g, o, rows, n),
      scale: [softmaxBackwardTerms(y, dy, rows, n)],
    });
  }
  const rows = edgeRows.length;
  cases.push({ label: 'softmax of edge rows', inputs: [edgeLogits], outputs: [edgeLogits.length], run: (k, [v], [o]) => k.softmax(v, o, rows, 6) });
  cases.push({
    label: 'logSoftmax of edge rows', inputs: [edgeLogits], outputs: [edgeLogits.length],
    run: (k, [v], [o]) => k.logSoftmax(v, o, rows, 6), scale: [logSoftmaxTerms(edgeLogits, rows, 6)],
  });
  return cases;
}

/** |x̂| as its terms: x − mean cancels when x is near the mean, so |x̂| counts as (|x| + mean|x|)·rstd. */
function rowTerms(row: number[]): { rstd: number; absMean: number; xhatTerms: number[] } {
  const n = row.length;
  const mean = row.reduce((s, v) => s + v, 0) / n;
  const rstd = 1 / Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / n + 1e-5);
  const absMean = row.reduce((s, v) => s + Math.abs(v), 0) / n;
  return { rstd, absMean, xhatTerms: row.map((v) => (Math.abs(v) + absMean) * rstd) };
}

/** Sizes of the terms of layer norm's forward outputs y = x̂·w + b, mean = Σx/n and rstd, in double. */
function layerNormTerms(x: number[], w: number[], b: number[] | null, rows: number, n: number): number[][] {
  const y = new Array<number>(rows * n), means = new Array<number>(rows), rstds = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    const { rstd, absMean, xhatTerms } = rowTerms(x.slice(r * n, r * n + n));
    rstds[r] = rstd;
    means[r] = absMean;
    for (let j = 0; j < n; j++) y[r * n + j] = xhatTerms[j] * Math.abs(w[j]) + (b ? Math.abs(b[j]) : 0);
  }
  return [y, means, rstds];
}

/**
 * Sizes of the terms of layer norm's backward, in double: dx = rstd·(dy⊙w − mean(dy⊙w) − x̂·mean(dy⊙w⊙x̂)) gets
 * rstd·(|dy⊙w| + mean|dy⊙w| + |x̂|·mean|dy⊙w⊙x̂|); dw and db, sums over rows, get Σ|dy⊙x̂| and Σ|dy| plus what was there.
 */
function layerNormBackwardTerms(dy: number[], x: number[], w: number[], dw0: number[], db0: number[], rows: number,
  n: number): number[][] {
  const dx = new Array<number>(rows * n).fill(0), dw = dw0.map(Math.abs), db = db0.map(Math.abs);
  for (let r = 0; r < rows; r++) {
    const { rstd, xhatTerms: xhat } = rowTerms(x.slice(r * n, r * n + n));
    const d = xhat.map((_, j) => Math.abs(dy[r * n + j] * w[j]));
    const meanD = d.reduce((s, v) => s + v, 0) / n;
    const meanDX = d.reduce((s, v, j) => s + v * Math.abs(xhat[j]), 0) / n;
    for (let j = 0; j < n; j++) {
      dx[r * n + j] = rstd * (d[j] + meanD + Math.abs(xhat[j]) * meanDX);
      dw[j] += Math.abs(dy[r * n + j] * xhat[j]);
      db[j] += Math.abs(dy[r * n + j]);
    }
  }
  return [dx, dw, db];
}

export function layerNormCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [rows, n] of [[1, 1], [3, 3], [4, 17], [5, 64], [3, 129], [0, 8], [64, 128]]) {
    const x = randomValues(rows * n, n, 2).map((v, i) => v + (i % 3)); // rows with a mean away from 0
    const w = randomValues(n, n + 1), b = randomValues(n, n + 2);
    for (const bias of [true, false]) {
      cases.push({
        label: `layerNorm (${rows}, ${n})${bias ? '' : ' without bias'}`,
        inputs: bias ? [x, w, b] : [x, w],
        outputs: [rows * n, rows, rows],
        run: (k, [xv, wv, bv], [y, mean, rstd]) => k.layerNorm(xv, wv, bias ? bv : null, y, mean, rstd, rows, n, 1e-5),
        scale: layerNormTerms(x, w, bias ? b : null, rows, n),
      });
      // Backward from the statistics the forward wrote; dw and db accumulate onto what is there.
      const dy = randomValues(rows * n, n + 3), dw0 = randomValues(n, 5), db0 = randomValues(n, 6);
      cases.push({
        label: `layerNormBackward (${rows}, ${n})${bias ? '' : ' without bias'}`,
        inputs: [dy, x, w],
        outputs: [rows * n, dw0, db0, rows, rows, rows * n],
        scale: [...layerNormBackwardTerms(dy, x, w, dw0, db0, rows, n), ...layerNormTerms(x, w, null, rows, n).slice(1),
          layerNormTerms(x, w, null, rows, n)[0]],
        run: (k, [dy, xv, wv], [dx, dw, db, mean, rstd, y]) => {
          k.layerNorm(xv, wv, null, y, mean, rstd, rows, n, 1e-5);
          k.layerNormBackward(dy, xv, wv, mean, rstd, dx, dw, bias ? db : null, rows, n);
        },
      });
    }
  }
  // A constant row (variance 0, rstd = 1/√eps) and rows of huge or NaN values.
  const special = [5, 5, 5, 5, 1e20, -1e20, 1e20, -1e20, 1, NaN, 2, 3];
  cases.push({
    label: 'layerNorm of constant, huge and NaN rows',
    inputs: [special, [1, 2, 3, 4], [0.5, 0, -0.5, 1]],
    outputs: [12, 3, 3],
    run: (k, [x, w, b], [y, m, r]) => k.layerNorm(x, w, b, y, m, r, 3, 4, 1e-5),
  });
  return cases;
}

const sumOf = (x: readonly number[], y: readonly number[]) => x.map((v, i) => v + y[i]);
const absSumOf = (x: readonly number[], y: readonly number[]) => x.map((v, i) => Math.abs(v) + Math.abs(y[i]));

/**
 * The residual fusions: addLayerNorm (sum = x + y, then layerNorm of sum) and layerNormBackward adding a residual
 * gradient into dx. The js spec is the composition itself; sum is checked too, since the forward writes it.
 */
export function residualLayerNormCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [rows, n] of [[1, 1], [3, 3], [4, 17], [5, 64], [3, 129], [0, 8], [64, 128], [2, 1030]]) {
    const x = randomValues(rows * n, n + 7, 2).map((v, i) => v + (i % 3)), y = randomValues(rows * n, n + 8);
    const w = randomValues(n, n + 1), b = randomValues(n, n + 2);
    const sum = sumOf(x, y);
    for (const bias of [true, false]) {
      cases.push({
        label: `addLayerNorm (${rows}, ${n})${bias ? '' : ' without bias'}`,
        inputs: bias ? [x, y, w, b] : [x, y, w],
        outputs: [rows * n, rows * n, rows, rows],
        run: (k, [xv, yv, wv, bv], [s, out, mean, rstd]) =>
          k.addLayerNorm(xv, yv, wv, bias ? bv : null, s, out, mean, rstd, rows, n, 1e-5),
        scale: [absSumOf(x, y), ...layerNormTerms(sum, w, bias ? b : null, rows, n)],
      });
    }
    const dy = randomValues(rows * n, n + 3), residual = randomValues(rows * n, n + 9), dw0 = randomValues(n, 5);
    const [dxTerms, dwTerms] = layerNormBackwardTerms(dy, x, w, dw0, dw0, rows, n);
    cases.push({
      label: `layerNormBackward (${rows}, ${n}) adding a residual gradient into dx`,
      inputs: [dy, x, w, residual],
      outputs: [rows * n, dw0, rows, rows, rows * n],
      scale: [absSumOf(dxTerms, residual), dwTerms, ...layerNormTerms(x, w, null, rows, n).slice(1),
        layerNormTerms(x, w, null, rows, n)[0]],
      run: (k, [g, xv, wv, r], [dx, dw, mean, rstd, out]) => {
        k.layerNorm(xv, wv, null, out, mean, rstd, rows, n, 1e-5);
        k.layerNormBackward(g, xv, wv, mean, rstd, dx, dw, null, rows, n, r);
      },
    });
  }
  // Sums that make a constant row, rows of huge values (one that cancels to 0) and a NaN.
  cases.push({
    label: 'addLayerNorm of constant, huge and NaN sums',
    inputs: [[5, 5, 5, 5, 1e20, -1e20, 1e20, -1e20, 1, NaN, 2, 3], [1, 1, 1, 1, 1e20, 1e20, -1e20, -1e20, 0, 0, 1, NaN],
      [1, 2, 3, 4], [0.5, 0, -0.5, 1]],
    outputs: [12, 12, 3, 3],
    run: (k, [x, y, w, b], [s, out, m, r]) => k.addLayerNorm(x, y, w, b, s, out, m, r, 3, 4, 1e-5),
  });
  return cases;
}

export function crossEntropyCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [rows, V] of [[1, 1], [4, 5], [9, 17], [6, 65], [3, 129], [0, 7], [2, 1030]]) {
    const logits = randomValues(rows * V, rows + V, 4);
    const targets = Array.from({ length: rows }, (_, r) => (r % 4 === 1 ? -1 : (r * 7) % V));
    cases.push({
      label: `crossEntropy (${rows}, ${V}) with ignored rows`, inputs: [logits, targets], outputs: [randomValues(rows, 1)],
      run: (k, [z, t], [l]) => k.crossEntropy(z, t, l, rows, V),
    });
    cases.push({
      label: `crossEntropyBackward (${rows}, ${V}) with ignored rows`, inputs: [logits, targets], outputs: [randomValues(rows * V, 2)],
      run: (k, [z, t], [g]) => k.crossEntropyBackward(z, t, g, rows, V, 1 / Math.max(1, rows)),
    });
  }
  const rows = edgeRows.length;
  const targets = edgeRows.map((_, r) => (r === 2 ? -1 : r % 6));
  cases.push({
    label: 'crossEntropy of edge rows', inputs: [edgeLogits, targets], outputs: [rows],
    run: (k, [z, t], [l]) => k.crossEntropy(z, t, l, rows, 6),
  });
  cases.push({
    label: 'crossEntropyBackward of edge rows', inputs: [edgeLogits, targets], outputs: [edgeLogits.length],
    run: (k, [z, t], [g]) => k.crossEntropyBackward(z, t, g, rows, 6, 0.5),
  });
  return cases;
}

export function crossEntropyOutOfRange(target: number): KernelCase {
  return {
    label: `crossEntropy with target ${target} of 5 classes`,
    inputs: [randomValues(10, 1), [1, target]],
    outputs: [2],
    run: (k, [z, t], [l]) => k.crossEntropy(z, t, l, 2, 5),
  };
}

/** Sizes of the terms of an AdamW step, in double: the new m and v are sums of two terms, the new w a difference. */
function adamwTerms(w: number[], g: number[], m: number[], v: number[], p: AdamWParams): number[][] {
  const bc1 = 1 - p.beta1 ** p.step, bc2 = 1 - p.beta2 ** p.step;
  const terms = w.map((_, i) => {
    const gi = g[i] * p.gradScale;
    const mi = p.beta1 * m[i] + (1 - p.beta1) * gi, vi = p.beta2 * v[i] + (1 - p.beta2) * gi * gi;
    const step = (p.lr * Math.abs(mi / bc1)) / (Math.sqrt(vi / bc2) + p.eps);
    return [Math.abs(w[i] * (1 - p.lr * p.weightDecay)) + step, Math.abs(p.beta1 * m[i]) + Math.abs((1 - p.beta1) * gi), vi];
  });
  return [0, 1, 2].map((k) => terms.map((t) => t[k]));
}

export function adamwCases(): KernelCase[] {
  return [1, 3, 17, 65, 1030, 0].flatMap((n) => [1, 2, 10].map((step) => {
    const p: AdamWParams = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, step, gradScale: 0.7 };
    const g = randomValues(n, n + 3), w = randomValues(n, n);
    const m = randomValues(n, n + 1).map((x) => x * 0.1), v = randomValues(n, n + 2).map((x) => x * x * 0.01);
    return {
      label: `adamw ${n} values at step ${step}`,
      inputs: [g],
      outputs: [w, m, v],
      run: (k, [gb], [wb, mb, vb]) => k.adamw(wb, gb, mb, vb, p),
      scale: adamwTerms(w, g, m, v, p),
    } satisfies KernelCase;
  }));
}

/**
 * Attention's fused scale + causal mask + softmax and its backward: square and rectangular (a cached past: n > T)
 * score blocks, causal or not, rows whose seen part ends inside a vector, and the edge rows of the softmax cases.
 */
export function attentionSoftmaxCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [groups, T, n] of [[1, 1, 1], [3, 5, 5], [2, 7, 9], [6, 16, 16], [2, 64, 64], [1, 3, 130], [0, 4, 4]]) {
    const rows = groups * T;
    const x = randomValues(rows * n, rows + n, 6);
    for (const causal of [true, false]) {
      const scale = 1 / Math.sqrt(n + 3);
      cases.push({
        label: `attentionSoftmax (${groups}×${T}, ${n})${causal ? ' causal' : ''}`, inputs: [x], outputs: [rows * n],
        run: (k, [v], [o]) => k.attentionSoftmax(v, o, rows, T, n, scale, causal),
      });
    }
    const y = randomValues(rows * n, rows * n + 5).map((v) => Math.abs(v) / n);
    const dy = randomValues(rows * n, 13);
    cases.push({
      label: `attentionSoftmaxBackward (${rows}, ${n})`, inputs: [y, dy], outputs: [rows * n],
      run: (k, [p, g], [o]) => k.attentionSoftmaxBackward(p, g, o, rows, n, 0.25),
      scale: [softmaxBackwardTerms(y, dy, rows, n).map((t) => t * 0.25)],
    });
  }
  const rows = edgeRows.length;
  for (const causal of [true, false]) {
    cases.push({
      label: `attentionSoftmax of edge rows${causal ? ' causal' : ''}`, inputs: [edgeLogits], outputs: [edgeLogits.length],
      run: (k, [v], [o]) => k.attentionSoftmax(v, o, rows, 3, 6, 0.5, causal),
    });
  }
  return cases;
}

/**
 * Bias + GELU (both variants), with and without bias, with and without the derivative output, on row lengths that
 * leave partial vectors, and on values that reach both tails of Φ and the special values.
 */
export function biasGeluCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const variant of ['gelu', 'geluTanh'] as const) {
    // The slack of the unary GELU cases, on h = x + b as float32 forms it
    const value = termsOf(variant)!, slope = termsOf(variant === 'gelu' ? 'geluGrad' : 'geluTanhGrad')!;
    const scales = (h: number[]) => [h.map(value), h.map(slope)];
    for (const [rows, n] of [[1, 1], [3, 7], [4, 16], [5, 130], [0, 4]]) {
      const x = randomValues(rows * n, rows * 31 + n, 4), b = randomValues(n, n + 11);
      const h = x.map((v, i) => Math.fround(v + b[i % n]));
      for (const bias of [true, false]) {
        cases.push({
          label: `biasGelu ${variant} (${rows}, ${n})${bias ? '' : ' without bias'}, value and slope`,
          inputs: bias ? [x, b] : [x], outputs: [rows * n, rows * n],
          run: (k, [xv, bv], [y, g]) => k.biasGelu(xv, bias ? bv : null, y, g, rows, n, variant),
          scale: scales(bias ? h : x),
        });
      }
      cases.push({
        label: `biasGelu ${variant} (${rows}, ${n}) without the slope`, inputs: [x, b], outputs: [rows * n],
        run: (k, [xv, bv], [y]) => k.biasGelu(xv, bv, y, null, rows, n, variant), scale: [h.map(value)],
      });
    }
    // Small activations, as a freshly initialised model's (std ~0.2): whole groups of four within |h| < √2, where the
    // wasm kernel takes Φ from erf alone and e^{−h²/2} from a short polynomial
    const small = randomValues(6 * 64, 77, 1.3);
    cases.push({
      label: `biasGelu ${variant} of small activations, value and slope`, inputs: [small], outputs: [small.length, small.length],
      run: (k, [xv], [y, g]) => k.biasGelu(xv, null, y, g, 6, 64, variant), scale: scales(small),
    });
    const special = [0, -0, 1e-30, -3, 3, -8, 8, -20, 20, 100, -100, NaN, Infinity, -Infinity, 0.5, -0.5];
    cases.push({
      label: `biasGelu ${variant} of tails and special values`, inputs: [special], outputs: [special.length, special.length],
      run: (k, [xv], [y, g]) => k.biasGelu(xv, null, y, g, 2, 8, variant), scale: scales(special),
    });
  }
  return cases;
}

export function sumSquaresCases(): KernelCase[] {
  return [0, 1, 3, 17, 65, 1030, 100_003].map((n): KernelCase => {
    const x = randomValues(n, n + 5, 3);
    return { label: `sumSquares of ${n} values`, inputs: [x], outputs: [[NaN]], run: (k, [v], [o]) => k.sumSquares(v, o) };
  }).concat([{
    label: 'sumSquares with Infinity and NaN',
    inputs: [[1, 2, Infinity]], outputs: [[0]], run: (k, [v], [o]) => k.sumSquares(v, o),
  }, {
    label: 'sumSquares overflowing float32',
    inputs: [[3e38, 3e38]], outputs: [[0]], run: (k, [v], [o]) => k.sumSquares(v, o),
  }]);
}
