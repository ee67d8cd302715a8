// For test files: a Dawn + SwiftShader device and a webgpu backend on it, made before the file's tests run and
// destroyed after them. `ready` receives both once they exist.
import { afterAll, beforeAll } from 'vitest';
import { createWebGpuBackend, type WebGpuBackend } from '../webgpuBackend';
import { createNodeDevice } from './nodeGpu';

export function useNodeWebGpu(ready: (gpu: { device: GPUDevice; backend: WebGpuBackend }) => void): void {
  let device: GPUDevice | undefined;
  beforeAll(async () => {
    device = await createNodeDevice();
    ready({ device, backend: await createWebGpuBackend({ device }) });
  });
  afterAll(() => device?.destroy());
}
