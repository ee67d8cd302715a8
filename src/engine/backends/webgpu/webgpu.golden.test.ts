// The golden GPT check (testing/goldenGpt.ts: logits, loss, every gradient, five AdamW steps against PyTorch) on
// the webgpu backend, in Node through Dawn and SwiftShader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenCases, runGoldenCase } from '../../testing/goldenGpt';
import { expectGoldenWithin } from '../../testing/expectGolden';
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
      expectGoldenWithin(await runGoldenCase(gpu, c), 1e-4);
      expect(gpu.lostReason).toBeNull();
      expect(gpu.lostReason).toBeNull();
    });
  }
});
