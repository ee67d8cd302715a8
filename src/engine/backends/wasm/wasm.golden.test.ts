// The golden GPT check (testing/goldenGpt.ts: logits, loss, every gradient, five AdamW steps against PyTorch) on the
// wasm backend, single-threaded and with two threads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenCases, runGoldenCase } from '../../testing/goldenGpt';
import { createWasmBackend, type WasmBackend } from './wasmBackend';

for (const threads of [1, 2]) {
  describe(`GPT on wasm (${threads} thread${threads > 1 ? 's' : ''}) matches the PyTorch reference`, () => {
    let wasm: WasmBackend;
    beforeAll(async () => { wasm = await createWasmBackend({ threads, threadMinWork: threads > 1 ? 0 : undefined }); });
    afterAll(() => wasm.dispose());
    for (const c of loadGoldenCases()) {
      it(`${c.name}: float32 to 1e-4`, async () => {
        const r = await runGoldenCase(wasm, c);
        expect(r.missingParams).toEqual([]);
        expect(r.logits).toBeLessThan(1e-4);
        expect(r.loss).toBeLessThan(1e-4);
        for (const [name, err] of Object.entries(r.grads)) expect(err, `gradient of ${name}`).toBeLessThan(1e-4);
        for (const e of [...r.stepLosses, ...r.gradNorms, r.finalLoss]) expect(e).toBeLessThan(1e-4);
        expect(r.finalParams).toBeLessThan(1e-3);
      });
    }
  });
}
