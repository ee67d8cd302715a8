// transformers.js (@huggingface/transformers) running the same ONNX GPT-2 on onnxruntime-web's wasm backend, in Node.
// In Node transformers.js runs onnxruntime-node (native) by default and offers no 'wasm' device; it does honour an
// onnxruntime module registered at globalThis[Symbol.for('onnxruntime')], so we hand it our onnxruntime-web (the
// runtime it uses in the browser) with device 'auto' (no execution provider named: onnxruntime-web picks wasm), and
// point the .wasm files at node_modules (transformers.js sets a CDN URL, and nothing here may be downloaded).
// The model folder is the Hugging Face layout it expects: DIR/NAME/config.json and DIR/NAME/onnx/model.onnx.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { collect, summarise, type Timing, type TimingOptions } from '../timing';

export interface TjsGpt2 {
  description: string;
  /** Greedy generation of `newTokens` after `prompt`, with its KV cache; the time each token arrived (ms). */
  generate(prompt: number[], newTokens: number): Promise<{ tokens: number[]; arrivals: number[] }>;
  /** One forward without cache: the logits of every position (the equality test). */
  logits(ids: number[]): Promise<Float32Array>;
  vocabSize: number;
}

export async function openTjsGpt2(modelsDir: string, name: string, threads: number): Promise<TjsGpt2> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  (globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] = ort;
  const tjs = await import('@huggingface/transformers');
  tjs.env.allowRemoteModels = false;
  tjs.env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
  ort.env.wasm.wasmPaths = `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web'))}/`;
  const model = await tjs.AutoModelForCausalLM.from_pretrained(name, { local_files_only: true, dtype: 'fp32', device: 'auto' });
  const config = model.config as unknown as { vocab_size: number };
  const ids = (list: number[]) => new tjs.Tensor('int64', BigInt64Array.from(list, BigInt), [1, list.length]);
  return {
    description: `transformers.js ${tjs.env.version} on onnxruntime-web ${ort.env.versions.web ?? ''} wasm, ${String(ort.env.wasm.numThreads)} thread(s)`,
    vocabSize: config.vocab_size,
    async generate(prompt, newTokens) {
      const arrivals: number[] = [];
      const tokens: number[] = [];
      let seenPrompt = false;
      // transformers.js hands the streamer the prompt first, then each new token as it is chosen
      const streamer = {
        put(value: bigint[][]) {
          if (!seenPrompt) {
            seenPrompt = true;
            return;
          }
          arrivals.push(performance.now());
          tokens.push(Number(value[0][0]));
        },
        end() {},
      };
      await model.generate({ input_ids: ids(prompt), max_new_tokens: newTokens, min_new_tokens: newTokens, do_sample: false, streamer } as never);
      return { tokens, arrivals };
    },
    async logits(list) {
      const out = (await model({ input_ids: ids(list), attention_mask: new tjs.Tensor('int64', new BigInt64Array(list.length).fill(1n), [1, list.length]) })) as { logits: { data: Float32Array } };
      return Float32Array.from(out.logits.data);
    },
  };
}

/** Time to first token after a `prompt`-token prompt and ms per token for `decoded` more, through model.generate. */
export async function timeTjsGpt2(model: TjsGpt2, o: TimingOptions, prompt: number, decoded: number, seed = 11): Promise<{ firstToken: Timing; nextToken: Timing }> {
  let state = seed >>> 0;
  const token = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % model.vocabSize;
  };
  const firsts: number[] = [];
  const nextToken = await collect(async () => {
    const t0 = performance.now();
    const { arrivals } = await model.generate(Array.from({ length: prompt }, token), decoded + 1);
    if (arrivals.length !== decoded + 1) throw new Error(`transformers.js gave ${arrivals.length} tokens, not ${decoded + 1}`);
    firsts.push(arrivals[0] - t0);
    return { perUnit: (arrivals[decoded] - arrivals[0]) / decoded, total: performance.now() - t0 };
  }, o);
  return { firstToken: summarise(firsts.slice(firsts.length - nextToken.samples.length)), nextToken };
}
