// One onnxruntime-web thread count per process (its wasm module keeps the count it started with):
//   node --import tsx scripts/bench/peers/ortGpt2Child.ts MODEL.onnx THREADS '{"warmup":1,"minMs":0,"minRuns":3,"maxRuns":3}'
// prints one JSON line: { description, firstToken, nextToken, coresBusy } (Timings in ms; coresBusy: this process's
// CPU time over wall time while timing, all its threads: shows whether the threads really ran, and contention).
import { openOrtGpt2, timeOrtGpt2 } from './ortGpt2';
import type { TimingOptions } from '../timing';

const [modelPath, threadsText, planText] = process.argv.slice(2);
const threads = Number(threadsText);
if (!modelPath || !(threads >= 1) || !planText) {
  process.stderr.write('usage: ortGpt2Child.ts MODEL.onnx THREADS TIMING_JSON\n');
  process.exit(2);
}
const model = await openOrtGpt2(modelPath, threads);
const cpu0 = process.cpuUsage(), wall0 = performance.now();
const { firstToken, nextToken } = await timeOrtGpt2(model, JSON.parse(planText) as TimingOptions);
const cpu = process.cpuUsage(cpu0);
const coresBusy = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
await model.release();
process.stdout.write(`${JSON.stringify({ description: model.description, firstToken, nextToken, coresBusy })}\n`);
process.exit(0);
