// The code every wasm worker thread runs, as a string so it needs no bundler entry and no file on disk: Node runs it
// with worker_threads' { eval: true }, browsers from a Blob URL. A worker instantiates the kernels on the shared
// memory, then loops: wait for the generation counter to move, then claim parts of the posted job until none are
// left. Parts are claimed, not assigned, so a worker that wakes late finds the job done and nobody waits for it.

/** Control block (Int32 slots at the control pointer); job arguments follow as Float64 from byte 64. */
export const CONTROL = {
  generation: 0, nextPart: 1, done: 2, kernel: 3, argc: 4, parts: 5, taskCounter: 6, failed: 7, stop: 8, workerParts: 9,
} as const;
export const CONTROL_ARGS_BYTE = 64;
export const CONTROL_BYTES = 64 + 8 * 32;
/** Polls of the generation word before a worker blocks; kernels that follow each other closely skip the wake-up. */
export const SPIN_POLLS = 20000;

export const workerSource = `
const C = ${JSON.stringify(CONTROL)};
function start(data, post) {
  const { module, memory, control, names } = data;
  WebAssembly.instantiate(module, { env: { memory } }).then((instance) => {
    const fns = names.map((name) => instance.exports[name]);
    const i32 = new Int32Array(memory.buffer, control, 16);
    const args = new Float64Array(memory.buffer, control + ${CONTROL_ARGS_BYTE}, 32);
    let seen = Atomics.load(i32, C.generation);
    post('ready');
    for (;;) {
      let polls = 0;
      while (Atomics.load(i32, C.generation) === seen) {
        if (++polls > ${SPIN_POLLS}) Atomics.wait(i32, C.generation, seen);
      }
      seen = Atomics.load(i32, C.generation);
      if (Atomics.load(i32, C.stop)) break;
      const parts = i32[C.parts];
      for (let part = Atomics.add(i32, C.nextPart, 1); part < parts; part = Atomics.add(i32, C.nextPart, 1)) {
        try {
          const argv = Array.from(args.subarray(0, i32[C.argc]));
          argv.push(part, parts);
          fns[i32[C.kernel]](...argv);
        } catch (e) {
          Atomics.store(i32, C.failed, 1);
        }
        Atomics.add(i32, C.workerParts, 1);
        if (Atomics.add(i32, C.done, 1) === parts - 1) Atomics.notify(i32, C.done);
      }
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
