// Browser entry of `npm run bench:gpu`: starts the bench worker (bench-gpu.worker.ts) and reports each line on the
// console with a prefix the launcher (bench-gpu.ts) picks up; `?quick` and `?nowasm` mirror its options.
const params = new URLSearchParams(location.search);
const output = document.getElementById('log')!;
const worker = new Worker(new URL('./bench-gpu.worker.ts', import.meta.url), { type: 'module' });

worker.onmessage = (event: MessageEvent<{ line?: string; done?: boolean; error?: string }>) => {
  const { line, done, error } = event.data;
  if (line !== undefined) {
    console.log(`[bench-gpu] ${line}`);
    output.textContent += `\n${line}`;
  }
  if (done) console.log('[bench-gpu:done]');
  if (error !== undefined) console.log(`[bench-gpu:error] ${error}`);
};
worker.onerror = (event) => console.log(`[bench-gpu:error] worker: ${event.message}`);
worker.postMessage({ quick: params.has('quick'), wasm: !params.has('nowasm') });
