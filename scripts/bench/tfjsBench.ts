// The peer's figures, measured in the same run: TensorFlow.js 4.22 with its wasm backend (XNNPACK, SIMD, one
// thread). GEMM by tf.matMul with transposes, the same tiny GPT's training step (tfjsGpt.ts) and its next-token
// latency; dataSync() forces every result, as our figures read theirs back.
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { GPT, Rng, backward, gradNorm, tensor, tidy, withBackend, type Backend } from '../../src/engine';
import type { MatmulParams } from '../../src/engine/backends/backend';
import { RECIPE, RECIPE_VOCAB, syntheticCorpus } from './engineBench';
import { TfjsGpt, type ModelCheck, type TinyGptShape } from './tfjsGpt';
import { timeCalls, type Timing, type TimingOptions } from './timing';

/**
 * Starts tfjs on its wasm backend. wasmPaths: the folder holding the .wasm files (Node: a file path ending in /)
 * or a map from file name to URL (browser). One thread, so it compares with our one-thread figures.
 */
export async function startTfjsWasm(wasmPaths: string | Record<string, string>): Promise<string> {
  setWasmPaths(wasmPaths as string);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // the plain SIMD build, as in Node (and no pthread pool)
  setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `TensorFlow.js ${tf.version_core} wasm backend, ${simd ? 'SIMD' : 'no SIMD'}, 1 thread`;
}

const noSettle = async () => {};

/** tf.matMul on tensors made once; GFLOP/s from 2·batch·M·N·K. */
export async function tfjsGemm(p: MatmulParams, o: TimingOptions): Promise<{ timing: Timing; flops: number }> {
  const rows = (transposed: boolean, r: number, c: number) => (transposed ? [c, r] : [r, c]);
  const lead = p.batch > 1 ? [p.batch] : [];
  const a = tf.randomUniform([...lead, ...rows(p.transA, p.M, p.K)], -1, 1, 'float32', 7);
  const b = tf.randomUniform([...lead, ...rows(p.transB, p.K, p.N)], -1, 1, 'float32', 8);
  try {
    const timing = await timeCalls(() => {
      const c = tf.matMul(a, b, p.transA, p.transB);
      c.dataSync();
      c.dispose();
    }, noSettle, o);
    return { timing, flops: 2 * p.batch * p.M * p.N * p.K };
  } finally {
    a.dispose();
    b.dispose();
  }
}

export function recipeShape(): TinyGptShape {
  const { blockSize, nLayer, nHead, nEmbd } = RECIPE.model;
  return { vocabSize: RECIPE_VOCAB, blockSize, nLayer, nHead, nEmbd };
}

/** ms per training step of the recipe (batch 12 × 64) on tfjs, loss read back. */
export async function tfjsTrainStep(o: TimingOptions): Promise<Timing> {
  const model = new TfjsGpt(recipeShape());
  const { batchSize: B, blockSize: T, beta1, beta2, weightDecay, gradClip, schedule } = RECIPE.train;
  const data = syntheticCorpus();
  const rng = new Rng(RECIPE.train.seed);
  try {
    return await timeCalls(() => {
      const { x, y } = hostBatch(data.train, B, T, rng);
      model.trainStep(x, y, B, T, { lr: schedule.maxLr, beta1, beta2, weightDecay, gradClip: gradClip ?? Infinity });
    }, noSettle, o);
  } finally {
    model.dispose();
  }
}

/** ms for the next-token logits after a 64-token context (batch 1, no cache). */
export async function tfjsNextToken(o: TimingOptions): Promise<Timing> {
  const model = new TfjsGpt(recipeShape());
  const rng = new Rng(3);
  const context = Array.from({ length: RECIPE.model.blockSize }, () => rng.int(RECIPE_VOCAB));
  try {
    return await timeCalls(() => model.nextTokenLogits(context), noSettle, o);
  } finally {
    model.dispose();
  }
}

function hostBatch(ids: Int32Array, B: number, T: number, rng: Rng): { x: Int32Array; y: Int32Array } {
  const x = new Int32Array(B * T), y = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const start = rng.int(ids.length - T);
    x.set(ids.subarray(start, start + T), b * T);
    y.set(ids.subarray(start + 1, start + T + 1), b * T);
  }
  return { x, y };
}

/**
 * Evidence that the peer is the same model: our GPT's weights loaded into the tfjs GPT give the same loss and the
 * same global gradient norm on the same batch (both float32; expect agreement to ~1e-5 relative).
 */
export async function compareWithEngine(backend: Backend): Promise<{ ours: ModelCheck; peer: ModelCheck }> {
  const B = 2, T = RECIPE.model.blockSize;
  const { x, y } = hostBatch(syntheticCorpus().train, B, T, new Rng(11));
  const ourModel = withBackend(backend, () => new GPT({ ...RECIPE.model, vocabSize: RECIPE_VOCAB }, RECIPE.train.seed));
  const peerModel = new TfjsGpt(recipeShape());
  try {
    const named = new Map<string, ArrayLike<number>>();
    for (const [name, p] of ourModel.namedParameters()) named.set(name, await p.data());
    peerModel.loadWeights(named);
    const lossTensor = withBackend(backend, () => tidy(() => {
      const { loss } = ourModel.forward(tensor(x, [B, T]), { targets: tensor(y, [B, T]) });
      backward(loss!);
      return loss!;
    }));
    const ours = { loss: (await lossTensor.data())[0], gradNorm: await gradNorm(ourModel.parameters()) };
    lossTensor.dispose();
    return { ours, peer: peerModel.lossAndGradNorm(x, y, B, T) };
  } finally {
    ourModel.dispose();
    peerModel.dispose();
  }
}
