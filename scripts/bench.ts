// npm run bench [-- --quick] [--backends js,wasm,webgpu] [--only gemm,train,next,tokenize,sample,evaluate,gpt2] [--stat median|best] [--no-peer]
// Prints one JSON line per figure on stdout as it is measured, then (on stderr) the machine, the load, and tables
// of every backend against TensorFlow.js wasm and PyTorch (Debian's python3-torch, where installed), both measured in this run.
// What each figure means and how it is timed: scripts/bench/README.md.
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { Args } from './cli/args';
import { jsonLine, renderTables } from './bench/figures';
import { benchOptions } from './bench/options';
import { runBench, type BenchPlatform } from './bench/run';
import { measureTorch } from './bench/torchBench';
import { measureGpt2Peer } from './bench/peers/gpt2Peer';

const platform: BenchPlatform = {
  canShareMemory: typeof SharedArrayBuffer === 'function',
  gpu: async () => (await import('../src/engine/backends/webgpu/testing/nodeGpu')).nodeGpu(),
  tfjsWasmPaths: `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`,
  log: (message) => process.stderr.write(`# ${message}\n`),
  shippedFiles: async () => {
    const { readFile } = await import('node:fs/promises');
    const root = new URL('../', import.meta.url);
    const corpus = await readFile(new URL('public/data/tinyshakespeare.txt', root), 'utf8');
    return { model: new Uint8Array(await readFile(new URL('public/models/default.tbt', root))), text: corpus.slice(Math.floor(corpus.length * 0.9)) };
  },
  pytorch: (o) => measureTorch({ ...o, threads: cpus().length > 1 ? [1, 2] : [1], log: platform.log }),
  gpt2Peer: (o) => measureGpt2Peer({ ...o, threads: cpus().length > 1 ? [1, 2] : [1], log: platform.log }),
  cpuSeconds: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  },
};

function loadText(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' / ');
}

async function main() {
  const o = benchOptions(new Args());
  const started = performance.now();
  const cpu = cpus();
  platform.log(`${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.versions.node} (V8 ${process.versions.v8})`);
  platform.log(`load average (1/5/15 min) at start: ${loadText()} on ${cpu.length} cores — other processes share them, so figures move`);
  platform.log(`statistic: ${o.stat} of the timed runs${o.quick ? '; --quick: fewer sizes and repeats' : ''}`);
  const figures = await runBench(o, platform, (f) => process.stdout.write(`${jsonLine(f)}\n`));
  process.stderr.write(`\n${renderTables(figures)}\n\n`);
  platform.log(`load average at end: ${loadText()}; bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
