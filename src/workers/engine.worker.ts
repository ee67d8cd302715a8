// The engine worker: all training, sampling and tracing run here, off the page's main thread. It only wires the
// worker's message port to the engine host (engineHost.ts), which does the work.
import { chooseBackend } from './backendChoice';
import { createEngineHost } from './engineHost';
import type { ToWorker } from './protocol';
import { markSinceOrigin } from '../engine/perfMark';
import { prefetchWasmKernels } from '../engine/backends/wasm/wasmBackend';

markSinceOrigin('engine worker: created → script runs');
// The kernels compile while the page's first messages are on their way (the backend choice waits on the compile).
void prefetchWasmKernels();

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createEngineHost((message, transfer) => scope.postMessage(message, transfer ?? []), chooseBackend);
scope.addEventListener('message', (event: MessageEvent<ToWorker>) => host.receive(event.data));
