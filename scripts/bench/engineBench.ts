// Our engine's figures on one backend: GEMM through the Backend kernels on preallocated buffers (checked against a
// few dot products so a fast but wrong kernel cannot post a figure), the nanoGPT-recipe training step through
// Trainer.step, and next-token latency with and without the KV cache. Environment-neutral (Node and browser).
import {
  GPT, KVCache, Rng, Trainer, TokenDataset, withBackendAsync, nextTokenLogits, noGrad, tensor, tidy,
  type Backend, type DeviceBuffer,
} from '../../src/engine';
import type { MatmulParams } from '../../src/engine/backends/backend';
import { presets } from '../cli/presets';
import { collect, timeCalls, type Timing, type TimingOptions } from './timing';

export type GemmKind = 'nn' | 'nt' | 'tn';

/** The nanoGPT CPU recipe of the CLI (vocabulary 65: Tiny Shakespeare's characters). */
export const RECIPE = presets['nanogpt-cpu'];
export const RECIPE_VOCAB = 65;

export function randomFloats(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

/** Element (i, j) of op(X) for X stored row-major with `cols` columns. */
function at(x: Float32Array, cols: number, transposed: boolean, i: number, j: number): number {
  return transposed ? x[j * cols + i] : x[i * cols + j];
}

/** Largest relative error of a few output entries against a float64 dot product. */
async function gemmError(backend: Backend, out: DeviceBuffer, a: Float32Array, b: Float32Array, p: MatmulParams): Promise<number> {
  const c = await backend.readAsync(out);
  const aCols = p.transA ? p.M : p.K, bCols = p.transB ? p.K : p.N;
  const last = p.batch - 1;
  const spots: [number, number, number][] = [[0, 0, 0], [last, p.M - 1, p.N - 1], [last >> 1, p.M >> 1, (p.N * 2) / 3 | 0]];
  let worst = 0;
  for (const [batch, i, j] of spots) {
    const aOff = batch * p.aBatchStride, bOff = batch * p.bBatchStride;
    let want = 0, scale = 0;
    for (let k = 0; k < p.K; k++) {
      const term = at(a.subarray(aOff), aCols, p.transA, i, k) * at(b.subarray(bOff), bCols, p.transB, k, j);
      want += term;
      scale += Math.abs(term);
    }
    worst = Math.max(worst, Math.abs(c[batch * p.M * p.N + i * p.N + j] - want) / Math.max(scale, 1e-30));
  }
  return worst;
}

/** Times backend.kernels.matmul on preallocated buffers; GFLOP/s from 2·batch·M·N·K per call. */
export async function timeGemm(backend: Backend, p: MatmulParams, o: TimingOptions): Promise<{ timing: Timing; flops: number; error: number }> {
  const rng = new Rng(7);
  const aSize = p.batch * p.M * p.K, bSize = p.batch * p.K * p.N;
  const aHost = randomFloats(aSize, rng), bHost = randomFloats(bSize, rng);
  const a = backend.alloc(aSize), b = backend.alloc(bSize), out = backend.alloc(p.batch * p.M * p.N);
  try {
    backend.write(a, aHost);
    backend.write(b, bHost);
    const timing = await timeCalls(() => backend.kernels.matmul(a, b, out, p), () => backend.flush(), o);
    const error = await gemmError(backend, out, aHost, bHost, p);
    return { timing, flops: 2 * p.batch * p.M * p.N * p.K, error };
  } finally {
    for (const buf of [a, b, out]) backend.free(buf);
  }
}

/** Square n×n · n×n with the given transposes. */
export function squareGemm(n: number, kind: GemmKind): MatmulParams {
  return { batch: 1, M: n, N: n, K: n, transA: kind === 'tn', transB: kind === 'nt', aBatchStride: 0, bBatchStride: 0, beta: 0 };
}

/** Attention scores of one training step: (B·nh) × [(T × hs) · (T × hs)ᵀ] = 48 × (64×16 · 16×64). */
export function attentionScoresGemm(): MatmulParams {
  const { batchSize } = RECIPE.train, { blockSize: T, nHead, nEmbd } = RECIPE.model;
  const hs = nEmbd / nHead;
  return { batch: batchSize * nHead, M: T, N: T, K: hs, transA: false, transB: true, aBatchStride: T * hs, bBatchStride: T * hs, beta: 0 };
}

/** Token ids with the corpus's vocabulary: a step's cost does not depend on which characters it reads. */
export function syntheticCorpus(length = 50_000, vocab = RECIPE_VOCAB): TokenDataset {
  const rng = new Rng(42);
  return new TokenDataset(Int32Array.from({ length }, () => rng.int(vocab)));
}


function recipeModel(): GPT {
  return new GPT({ ...RECIPE.model, vocabSize: RECIPE_VOCAB }, RECIPE.train.seed);
}

/** ms per Trainer.step: batch 12×64, forward + backward + global-norm clip + AdamW, loss read back. */
export function timeTrainStep(backend: Backend, o: TimingOptions): Promise<Timing> {
  return withBackendAsync(backend, async () => {
    const model = recipeModel();
    const trainer = new Trainer(model, syntheticCorpus(), RECIPE.train);
    try {
      return await timeCalls(() => trainer.step(), () => backend.flush(), o);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  });
}

/** ms for the logits of the token after a 64-token context (batch 1, no cache), read back to the host. */
export function timeNextToken(backend: Backend, o: TimingOptions): Promise<Timing> {
  return withBackendAsync(backend, async () => {
    const model = recipeModel();
    const rng = new Rng(3);
    const context = Array.from({ length: RECIPE.model.blockSize }, () => rng.int(RECIPE_VOCAB));
    try {
      return await timeCalls(() => nextTokenLogits(model, context), () => backend.flush(), o);
    } finally {
      model.dispose();
    }
  });
}

/** Decode steps timed per round with the KV cache: the last `decoded` positions before the context is full. */
export const KV_DECODED = 8;

/**
 * ms per token when decoding with the KV cache at context ~64: each round fills the cache with 56 tokens
 * (untimed), then times 8 one-token forwards (contexts 57…64), each read back to the host.
 */
export function timeNextTokenKv(backend: Backend, o: TimingOptions): Promise<Timing> {
  return withBackendAsync(backend, async () => {
    const model = recipeModel();
    const T = RECIPE.model.blockSize, prefill = T - KV_DECODED;
    const rng = new Rng(5);
    const step = async (ids: number[], cache: KVCache) => {
      const logits = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { cache, lastOnly: true }).logits));
      await logits.data();
      logits.dispose();
    };
    try {
      return await collect(async () => {
        const cache = new KVCache(model.config.nLayer, T);
        try {
          const roundStart = performance.now();
          await step(Array.from({ length: prefill }, () => rng.int(RECIPE_VOCAB)), cache);
          const started = performance.now();
          for (let i = 0; i < KV_DECODED; i++) await step([rng.int(RECIPE_VOCAB)], cache);
          const decodeMs = performance.now() - started;
          return { perUnit: decodeMs / KV_DECODED, total: performance.now() - roundStart };
        } finally {
          cache.dispose();
        }
      }, o);
    } finally {
      model.dispose();
    }
  });
}
