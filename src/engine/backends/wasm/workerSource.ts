// The code every wasm worker thread runs, as a string so it needs no bundler entry and no file on disk: Node runs it
// with worker_threads' { eval: true }, browsers from a Blob URL. A worker instantiates the kernels on the shared
// memory, then loops: wait for the generation counter to move, run its part of the posted job, count itself done.

/** Control block (Int32 slots at the control pointer); job arguments follow as Float64 from byte 64. */
export const CONTROL = { generation: 0, pending: 1, kernel: 2, argc: 3, parts: 4, taskCounter: 5, failed: 6 } as const;
export const CONTROL_ARGS_BYTE = 64;
export const CONTROL_BYTES = 64 + 8 * 32;
/** Polls of the generation word before a worker blocks; kernels that follow each other closely skip the wake-up. */
export const SPIN_POLLS = 20000;

export const workerSource = `
const CONTROL = ${JSON.stringify(CONTROL)};
function start(data, post) {
  const { module, memory, control, index, names } = data;
  WebAssembly.instantiate(module, { env: { memory } }).then((instance) => {
    const fns = names.map((name) => instance.exports[name]);
    const i32 = new Int32Array(memory.buffer, control, 16);
    const args = new Float64Array(memory.buffer, control + ${CONTROL_ARGS_BYTE}, 32);
    let seen = Atomics.load(i32, CONTROL.generation);
    post('ready');
    for (;;) {
      let polls = 0;
      while (Atomics.load(i32, CONTROL.generation) === seen) {
        if (++polls > ${SPIN_POLLS}) Atomics.wait(i32, CONTROL.generation, seen);
      }
      seen = Atomics.load(i32, CONTROL.generation);
      const kernel = Atomics.load(i32, CONTROL.kernel);
      if (kernel < 0) break;
      try {
        const argv = Array.from(args.subarray(0, i32[CONTROL.argc]));
        argv.push(index, i32[CONTROL.parts]);
        fns[kernel](...argv);
      } catch (e) {
        Atomics.store(i32, CONTROL.failed, 1);
      }
      if (Atomics.sub(i32, CONTROL.pending, 1) === 1) Atomics.notify(i32, CONTROL.pending);
    }
  }, () => post('failed'));
}
if (typeof require === 'function') {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (data) => start(data, (m) => parentPort.postMessage(m)));
} else {
  self.onmessage = (event) => { self.onmessage = null; start(event.data, (m) => self.postMessage(m)); };
}
`;
