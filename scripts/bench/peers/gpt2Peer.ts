// The GPT-2 race's peer in `npm run bench -- --only gpt2` (Node): exports our PyTorch reference GPT-2, 124M's shapes
// with random weights, to ONNX (scripts/golden/export_gpt2_onnx.py --full --last-only: the last position's logits,
// as our engine's lastOnly forward), then times onnxruntime-web's wasm backend on it at each thread count, one child
// process per count (ortGpt2Child.ts), with the same prompt length, steps and timing plan as gpt2Bench.ts.
// GPT2_ONNX=FILE reuses an export (made once with the command above) instead of writing one into a temporary folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORT_PEER, type Figure } from '../figures';
import { pick, type Statistic, type Timing, type TimingOptions } from '../timing';
import { PYTHON, torchMissing } from '../torchBench';

const EXPORT = fileURLToPath(new URL('../../golden/export_gpt2_onnx.py', import.meta.url));
const CHILD = fileURLToPath(new URL('./ortGpt2Child.ts', import.meta.url));

export interface Gpt2PeerOptions {
  threads: readonly number[];
  plan: TimingOptions;
  stat: Statistic;
  log(message: string): void;
}

/** onnxruntime-web's GPT-2 figures per thread count, or none (with the reason logged) when it cannot run here. */
export function measureGpt2Peer(o: Gpt2PeerOptions): Figure[] {
  let model = process.env.GPT2_ONNX;
  let scratch: string | null = null;
  if (model && !existsSync(model)) {
    o.log(`skipped ${ORT_PEER}: GPT2_ONNX=${model} does not exist`);
    return [];
  }
  try {
    if (!model) {
      const missing = torchMissing();
      if (missing) {
        o.log(`skipped ${ORT_PEER}: exporting GPT-2 to ONNX needs torch, and ${missing}; no GPT-2 peer in this run`);
        return [];
      }
      scratch = mkdtempSync(join(tmpdir(), 'gpt2-onnx-'));
      model = join(scratch, 'gpt2-124m-random.onnx');
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
    for (const threads of o.threads) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, model, String(threads), JSON.stringify(o.plan)],
        { encoding: 'utf8', timeout: 600_000 });
      if (run.status !== 0) {
        o.log(`${ORT_PEER} with ${threads} thread(s) failed (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`);
        continue;
      }
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { description: string; firstToken: Timing; nextToken: Timing; coresBusy: number };
      o.log(`measured ${result.description}: ${result.coresBusy.toFixed(2)} cores busy on average while timed`);
      figures.push({ figure: 'gpt2_first_token_prompt64', backend: ORT_PEER, threads, value: pick(result.firstToken, o.stat), unit: 'ms' });
      figures.push({ figure: 'gpt2_next_token_kv', backend: ORT_PEER, threads, value: pick(result.nextToken, o.stat), unit: 'ms' });
    }
    return figures;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
