// The golden GPT check (testing/goldenGpt.ts: logits, loss, every gradient, five AdamW steps against PyTorch) on
// the webgpu backend, in Node through Dawn and SwiftShader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenCases, runGoldenCase } from '../../testing/goldenGpt';
import { createWebGpuBackend, type WebGpuBackend } from './webgpuBackend';
import { createNodeDevice } from './testing/nodeGpu';

let device: GPUDevice;
let gpu: WebGpuBackend;
beforeAll(async () => {
  device = await createNodeDevice();
  gpu = await createWebGpuBackend({ device });
});
afterAll(() => device?.destroy());

describe('GPT on webgpu matches the PyTorch reference (tests/fixtures/gpt_golden.json)', () => {
  for (const c of loadGoldenCases()) {
    it(`${c.name}: float32 webgpu to 1e-4`, async () => {
      const r = await runGoldenCase(gpu, c);
      expect(r.missingParams).toEqual([]);
      expect(r.logits).toBeLessThan(1e-4);
      expect(r.loss).toBeLessThan(1e-4);
      for (const [name, err] of Object.entries(r.grads)) expect(err, `gradient of ${name}`).toBeLessThan(1e-4);
      for (const e of [...r.stepLosses, ...r.gradNorms, r.finalLoss]) expect(e).toBeLessThan(1e-4);
      expect(r.finalParams).toBeLessThan(1e-3);
      expect(gpu.lostReason).toBeNull();
    });
  }
});
