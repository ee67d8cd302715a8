// One peer at one onnxruntime-web thread count per process (its wasm module keeps the count it started with):
//   node --import tsx scripts/bench/peers/ortGpt2Child.ts ort|tjs MODELS_DIR THREADS '{"warmup":1,"minMs":0,"minRuns":3,"maxRuns":3}'
// MODELS_DIR holds gpt2/config.json and gpt2/onnx/model.onnx (the layout transformers.js reads; `ort` opens the
// .onnx directly). Prints one JSON line: { description, firstToken, nextToken, coresBusy } (Timings in ms;
// coresBusy: this process's CPU time over wall time while timing, all its threads: whether the threads really ran,
// and contention), for gpt2Peer.ts.
import { join } from 'node:path';
import { DECODED, PROMPT, openOrtGpt2, timeOrtGpt2 } from './ortGpt2';
import { openTjsGpt2, timeTjsGpt2 } from './tjsGpt2';
import type { Timing, TimingOptions } from '../timing';

const [which, modelsDir, threadsText, planText] = process.argv.slice(2);
const threads = Number(threadsText);
if ((which !== 'ort' && which !== 'tjs') || !modelsDir || !(threads >= 1) || !planText) {
  process.stderr.write('usage: ortGpt2Child.ts ort|tjs MODELS_DIR THREADS TIMING_JSON\n');
  process.exit(2);
}
const plan = JSON.parse(planText) as TimingOptions;
const cpu0 = process.cpuUsage(), wall0 = performance.now();
let result: { description: string; firstToken: Timing; nextToken: Timing };
if (which === 'ort') {
  const model = await openOrtGpt2(join(modelsDir, 'gpt2', 'onnx', 'model.onnx'), threads);
  result = { description: model.description, ...await timeOrtGpt2(model, plan) };
  await model.release();
} else {
  const model = await openTjsGpt2(modelsDir, 'gpt2', threads);
  result = { description: model.description, ...await timeTjsGpt2(model, plan, PROMPT, DECODED) };
}
const cpu = process.cpuUsage(cpu0);
const coresBusy = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
process.stdout.write(`${JSON.stringify({ ...result, coresBusy })}\n`);
process.exit(0);
