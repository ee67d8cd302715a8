// The webgpu backend against the js spec (float32), in Node through Dawn on Chromium's SwiftShader Vulkan driver
// (webgpu/testing/nodeGpu.ts). Tolerances are looser than wasm's: WGSL's exp/log/tanh/division are only required
// to be accurate to a few ulp, reductions add in a tree, not in order, and subnormal inputs may be flushed to zero
// (WGSL allows it; SwiftShader and GPUs do).
import { afterAll } from 'vitest';
import { createWebGpuBackend } from '../webgpu/webgpuBackend';
import { createNodeDevice } from '../webgpu/testing/nodeGpu';
import { describeKernelConformance } from './kernelConformance';

const devices: GPUDevice[] = [];
afterAll(() => devices.forEach((d) => d.destroy()));

describeKernelConformance('webgpu (Dawn + SwiftShader)', async () => {
  const device = await createNodeDevice();
  devices.push(device);
  return createWebGpuBackend({ device });
}, { rtol: 2e-5, atol: 1e-30, flushesSubnormals: true });
