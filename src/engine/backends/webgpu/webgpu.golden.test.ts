// The golden GPT check (testing/goldenGpt.ts: logits, loss, every gradient, five AdamW steps against PyTorch) on
// the webgpu backend, in Node through Dawn and SwiftShader.
import { describe, expect, it } from 'vitest';
import { loadGoldenCases, runGoldenCase } from '../../testing/goldenGpt';
import { expectGoldenWithin } from '../../testing/expectGolden';
import type { WebGpuBackend } from './webgpuBackend';
import { useNodeWebGpu } from './testing/nodeWebGpuSuite';

let gpu: WebGpuBackend;
useNodeWebGpu((made) => { gpu = made.backend; });

describe('GPT on webgpu matches the PyTorch reference (tests/fixtures/gpt_golden.json)', () => {
  for (const c of loadGoldenCases()) {
    it(`${c.name}: float32 webgpu to 1e-4`, async () => {
      expectGoldenWithin(await runGoldenCase(gpu, c), 1e-4);
      expect(gpu.lostReason).toBeNull();
      expect(gpu.lostReason).toBeNull();
    });
  }
});
