// The GPT-2 peer: onnxruntime-web's wasm backend (the runtime transformers.js uses in the browser) running our
// PyTorch reference GPT-2 exported to ONNX with a KV cache (scripts/golden/export_gpt2_onnx.py). Same protocol as
// gpt2Bench.ts: one forward over a 64-token prompt with an empty cache (time to first token, last position's
// logits read), then one-token steps feeding back the cache (ms per token).
// transformers.js's own generate() on the same graph and runtime: tjsGpt2.ts.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { collect, summarise, type Timing, type TimingOptions } from '../timing';

type Ort = typeof import('onnxruntime-web');

export interface OrtGpt2 {
  /** onnxruntime-web's version and the thread count it was started with. */
  description: string;
  nLayer: number;
  nHead: number;
  headSize: number;
  vocabSize: number;
  /** One forward: `ids` after the cache `past` (null: empty); logits as the graph gives them, and the new cache. */
  forward(ids: number[], past: Tensor[] | null): Promise<{ logits: Float32Array; present: Tensor[] }>;
  release(): Promise<void>;
}

let started: { ort: Ort; threads: number } | null = null;

/**
 * onnxruntime-web, wasm backend, `threads` threads. Its wasm module is initialised once per process with the
 * thread count of the first session, so a process measures one thread count (ortGpt2Child.ts runs one per count).
 */
async function startOrt(threads: number): Promise<Ort> {
  if (started) {
    if (started.threads !== threads) throw new Error(`onnxruntime-web already started with ${started.threads} thread(s) in this process`);
    return started.ort;
  }
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web'))}/`;
  started = { ort, threads };
  return ort;
}

export async function openOrtGpt2(modelPath: string, threads: number): Promise<OrtGpt2> {
  const ort = await startOrt(threads);
  const session: InferenceSession = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['wasm'], graphOptimizationLevel: 'all',
  });
  const pasts = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
  const nLayer = pasts.length / 2;
  // The head count and size are in the past inputs' declared shapes; the vocabulary in the logits'.
  const shapeOf = (name: string, list: readonly InferenceSession.ValueMetadata[]) => {
    const meta = list.find((m) => m.name === name);
    return meta && meta.isTensor ? meta.shape : [];
  };
  const pastShape = shapeOf('past_key_values.0.key', session.inputMetadata);
  const [nHead, headSize] = [Number(pastShape[1]), Number(pastShape[3])];
  const vocabSize = Number(shapeOf('logits', session.outputMetadata)[2]);
  if (!(nLayer > 0 && nHead > 0 && headSize > 0 && vocabSize > 0)) throw new Error(`${modelPath} is not a GPT-2 graph from export_gpt2_onnx.py`);
  const empty = new ort.Tensor('float32', new Float32Array(0), [1, nHead, 0, headSize]);
  return {
    // read back after the session started: onnxruntime-web falls back to 1 thread where it cannot share memory
    description: `onnxruntime-web ${ort.env.versions.web ?? ''} wasm, ${String(ort.env.wasm.numThreads)} thread(s)`,
    nLayer, nHead, headSize, vocabSize,
    async forward(ids, past) {
      const feeds: Record<string, Tensor> = { input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]) };
      for (let i = 0; i < nLayer; i++) {
        feeds[`past_key_values.${i}.key`] = past ? past[2 * i] : empty;
        feeds[`past_key_values.${i}.value`] = past ? past[2 * i + 1] : empty;
      }
      const out = await session.run(feeds);
      const present: Tensor[] = [];
      for (let i = 0; i < nLayer; i++) present.push(out[`present.${i}.key`], out[`present.${i}.value`]);
      return { logits: out.logits.data as Float32Array, present };
    },
    release: () => session.release(),
  };
}

export const PROMPT = 64;
export const DECODED = 8;

/** Time to first token after a PROMPT-token prompt, and ms per token for DECODED steps with the cache. */
export async function timeOrtGpt2(model: OrtGpt2, o: TimingOptions, seed = 11): Promise<{ firstToken: Timing; nextToken: Timing }> {
  let state = seed >>> 0;
  const token = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // any tokens do: the time does not depend on them
    return state % model.vocabSize;
  };
  const firsts: number[] = [];
  const nextToken = await collect(async () => {
    const t0 = performance.now();
    let { present } = await model.forward(Array.from({ length: PROMPT }, token), null);
    firsts.push(performance.now() - t0);
    const decodeStart = performance.now();
    for (let i = 0; i < DECODED; i++) ({ present } = await model.forward([token()], present));
    const decodeMs = performance.now() - decodeStart;
    return { perUnit: decodeMs / DECODED, total: performance.now() - t0 };
  }, o);
  return { firstToken: summarise(firsts.slice(firsts.length - nextToken.samples.length)), nextToken };
}
