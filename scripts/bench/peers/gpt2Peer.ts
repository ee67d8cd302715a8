// The GPT-2 race's peer in `npm run bench -- --only gpt2` (Node): exports our PyTorch reference GPT-2, 124M's shapes
// with random weights, to ONNX (scripts/golden/export_gpt2_onnx.py --full --last-only: the last position's logits,
// as our engine's lastOnly forward), then times onnxruntime-web's wasm backend on it at each thread count, one child
// process per count (ortGpt2Child.ts), with the same prompt length, steps and timing plan as gpt2Bench.ts; then
// transformers.js's generate() on the same graph and runtime (tjsGpt2.ts), the same way.
// GPT2_ONNX=FILE reuses an export (made once with the command above) instead of writing one into a temporary folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORT_PEER, TJS_PEER, type Figure } from '../figures';
import { pick, type Statistic, type Timing, type TimingOptions } from '../timing';
import { PYTHON, torchMissing } from '../torchBench';

const EXPORT = fileURLToPath(new URL('../../golden/export_gpt2_onnx.py', import.meta.url));
const CHILD = fileURLToPath(new URL('./ortGpt2Child.ts', import.meta.url));

/** GPT-2 small's config.json fields (what export_gpt2_onnx.py --full builds), for transformers.js. */
const GPT2_CONFIG = {
  model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: 50257, n_positions: 1024, n_ctx: 1024, n_embd: 768,
  n_layer: 12, n_head: 12, activation_function: 'gelu_new', layer_norm_epsilon: 1e-5, bos_token_id: 50256, eos_token_id: 50256,
};

export interface Gpt2PeerOptions {
  threads: readonly number[];
  plan: TimingOptions;
  stat: Statistic;
  log(message: string): void;
}

/** onnxruntime-web's GPT-2 figures per thread count, or none (with the reason logged) when it cannot run here. */
export function measureGpt2Peer(o: Gpt2PeerOptions): Figure[] {
  const given = process.env.GPT2_ONNX;
  if (given && !existsSync(given)) {
    o.log(`skipped ${ORT_PEER}: GPT2_ONNX=${given} does not exist`);
    return [];
  }
  // The Hugging Face layout transformers.js reads: scratch/gpt2/config.json and scratch/gpt2/onnx/model.onnx
  const scratch = mkdtempSync(join(tmpdir(), 'gpt2-onnx-'));
  const model = join(scratch, 'gpt2', 'onnx', 'model.onnx');
  mkdirSync(dirname(model), { recursive: true });
  writeFileSync(join(scratch, 'gpt2', 'config.json'), JSON.stringify(GPT2_CONFIG));
  try {
    if (given) {
      symlinkSync(resolve(given), model);
    } else {
      const missing = torchMissing();
      if (missing) {
        o.log(`skipped ${ORT_PEER}: exporting GPT-2 to ONNX needs torch, and ${missing}; no GPT-2 peer in this run`);
        return [];
      }
      o.log(`${ORT_PEER}: exporting the reference GPT-2 (124M's shapes, random weights) to ${model}`);
      const started = performance.now();
      const run = spawnSync(PYTHON, [EXPORT, '--full', model, '--last-only'], { encoding: 'utf8', timeout: 600_000 });
      if (run.status !== 0) {
        o.log(`skipped ${ORT_PEER}: the ONNX export failed (exit ${run.status ?? run.signal}): ${run.stderr.trim().split('\n').at(-1) ?? ''}`);
        return [];
      }
      o.log(`${ORT_PEER}: exported in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const figures: Figure[] = [];
    for (const [which, peer] of [['ort', ORT_PEER], ['tjs', TJS_PEER]] as const) for (const threads of o.threads) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, which, scratch, String(threads), JSON.stringify(o.plan)],
        { encoding: 'utf8', timeout: 600_000 });
      if (run.status !== 0) {
        o.log(`${peer} with ${threads} thread(s) failed (exit ${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
        continue;
      }
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { description: string; firstToken: Timing; nextToken: Timing; coresBusy: number };
      o.log(`measured ${result.description}: ${result.coresBusy.toFixed(2)} cores busy on average while timed`);
      figures.push({ figure: 'gpt2_first_token_prompt64', backend: peer, threads, value: pick(result.firstToken, o.stat), unit: 'ms' });
      figures.push({ figure: 'gpt2_next_token_kv', backend: peer, threads, value: pick(result.nextToken, o.stat), unit: 'ms' });
    }
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
