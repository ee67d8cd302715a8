// The golden GPT check (testing/goldenGpt.ts: logits, loss, every gradient, five AdamW steps against PyTorch) on the
// wasm backend, single-threaded and with two threads.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectGoldenWithin } from '../../testing/expectGolden';
import { loadGoldenCases, runGoldenCase } from '../../testing/goldenGpt';
import { createWasmBackend, type WasmBackend } from './wasmBackend';

for (const threads of [1, 2]) {
  describe(`GPT on wasm (${threads} thread${threads > 1 ? 's' : ''}) matches the PyTorch reference`, () => {
    let wasm: WasmBackend;
    beforeAll(async () => { wasm = await createWasmBackend({ threads, threadMinWork: threads > 1 ? 0 : undefined }); });
    afterAll(() => wasm.dispose());
    for (const c of loadGoldenCases()) {
      it(`${c.name}: float32 to 1e-4`, async () => {
        expectGoldenWithin(await runGoldenCase(wasm, c), 1e-4);
      });
    }
  });
}
