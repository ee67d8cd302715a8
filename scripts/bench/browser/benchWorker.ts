// The browser bench, inside a dedicated worker: the wasm backend's threads need a thread that may block in
// Atomics.wait, which a page's main thread may not. Posts every log line and figure to the page as it comes.
import tfjsPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { Figure } from '../figures';
import { benchOptions, queryLookup } from '../options';
import { runBench, type BenchPlatform } from '../run';

export type BenchMessage =
  | { kind: 'log'; message: string }
  | { kind: 'figure'; figure: Figure }
  | { kind: 'done' }
  | { kind: 'error'; message: string };

const post = (m: BenchMessage) => self.postMessage(m);

const platform: BenchPlatform = {
  canShareMemory: typeof SharedArrayBuffer === 'function' && self.crossOriginIsolated,
  tfjsWasmPaths: {
    'tfjs-backend-wasm.wasm': tfjsPlain,
    'tfjs-backend-wasm-simd.wasm': tfjsSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': tfjsThreadedSimd,
  },
  log: (message) => post({ kind: 'log', message }),
};

self.onmessage = async (e: MessageEvent<{ search: string }>) => {
  try {
    const o = benchOptions(queryLookup(e.data.search));
    post({ kind: 'log', message: `worker: ${navigator.userAgent}; crossOriginIsolated ${self.crossOriginIsolated}; ` +
      `${navigator.hardwareConcurrency} logical cores` });
    await runBench(o, platform, (figure) => post({ kind: 'figure', figure }));
    post({ kind: 'done' });
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
};
